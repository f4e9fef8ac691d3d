package com.aquastream.backup.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The records are the contract and depend on the JDK only (STYLE rule 2): no annotations, no Jackson types. How
 * they are written as JSON is {@link EventCodec}'s business, configured in code.
 */
class ContractRecordsTest {

    @Test
    void recordsOfTheContractCarryNoAnnotations() {
        for (Class<?> record : recordsOfTheContract()) {
            assertThat(record.getAnnotations()).as(record.getSimpleName()).isEmpty();
            for (RecordComponent component : record.getRecordComponents()) {
                assertThat(component.getAnnotations()).as(record.getSimpleName() + "." + component.getName()).isEmpty();
                assertThat(component.getAccessor().getAnnotations()).as(component.getName()).isEmpty();
            }
            for (var constructor : record.getDeclaredConstructors()) {
                assertThat(constructor.getAnnotations()).as(constructor.toString()).isEmpty();
            }
        }
    }

    @Test
    void recordsOfTheContractHoldOnlyJdkAndContractTypes() {
        for (Class<?> record : recordsOfTheContract()) {
            for (RecordComponent component : record.getRecordComponents()) {
                for (Class<?> type : typesIn(component.getGenericType())) {
                    assertThat(type.isPrimitive() || type.getName().startsWith("java.")
                            || type.getPackage() == EventCodec.class.getPackage())
                            .as(record.getSimpleName() + "." + component.getName() + ": " + type.getName()).isTrue();
                }
            }
        }
    }

    private static Set<Class<?>> recordsOfTheContract() {
        Set<Class<?>> records = new LinkedHashSet<>();
        Topics.all().forEach(topic -> collect(Topics.eventTypeOf(topic), records));
        return records;
    }

    private static void collect(Class<?> record, Set<Class<?>> records) {
        if (records.add(record)) {
            for (RecordComponent component : record.getRecordComponents()) {
                typesIn(component.getGenericType()).stream().filter(Class::isRecord).forEach(r -> collect(r, records));
            }
        }
    }

    private static Set<Class<?>> typesIn(Type type) {
        Set<Class<?>> types = new LinkedHashSet<>();
        if (type instanceof ParameterizedType parameterized) {
            types.add((Class<?>) parameterized.getRawType());
            for (Type argument : parameterized.getActualTypeArguments()) {
                types.addAll(typesIn(argument));
            }
        } else {
            types.add((Class<?>) type);
        }
        return types;
    }
}
