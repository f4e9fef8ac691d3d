package com.aquastream.backup.core.naming;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentifiersTest {

    @ParameterizedTest
    @ValueSource(strings = {"user", "event", "crew", "payment", "notification", "media", "_x", "a1_b2",
            "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij123"})
    void acceptsPlainIdentifiers(String value) {
        assertThat(Identifiers.isIdentifier(value)).isTrue();
        assertThat(Identifiers.requireIdentifier("schema", value)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"user; drop table x", "../etc", "a\"b", "", "1abc", "User", "a-b", "a.b", "a b", "a/b",
            "user\n", "a'b", "a\\b", "ü", "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij1234"})
    void rejectsHostileOrUnusualNames(String value) {
        assertThat(Identifiers.isIdentifier(value)).isFalse();
        assertThatThrownBy(() -> Identifiers.requireIdentifier("schema", value))
                .isInstanceOf(InvalidIdentifierException.class)
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNull() {
        assertThat(Identifiers.isIdentifier(null)).isFalse();
        assertThatThrownBy(() -> Identifiers.requireIdentifier("schema", null))
                .hasMessage("schema null is not a plain identifier");
    }

    @Test
    void namesTheOffendingValueInTheMessage() {
        assertThatThrownBy(() -> Identifiers.requireIdentifier("schema", "../etc"))
                .hasMessage("schema \"../etc\" is not a plain identifier");
    }

    @Test
    void escapesControlCharactersAndQuotesInTheMessage() {
        assertThatThrownBy(() -> Identifiers.requireIdentifier("schema", "a\"b\nFAKE LOG LINE"))
                .hasMessage("schema \"a\\\"b\\u000aFAKE LOG LINE\" is not a plain identifier");
    }

    @Test
    void truncatesLongValuesInTheMessage() {
        String hostile = "x".repeat(10_000);

        assertThatThrownBy(() -> Identifiers.requireIdentifier("schema", hostile))
                .hasMessageContaining("(10000 chars)")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(120));
    }

    @Test
    void quotesAValidatedIdentifier() {
        assertThat(Identifiers.quote("user")).isEqualTo("\"user\"");
    }

    @Test
    void refusesToQuoteAnInvalidIdentifier() {
        assertThatThrownBy(() -> Identifiers.quote("a\"b")).isInstanceOf(InvalidIdentifierException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"LoginHistory", "audit log", "table.with.dots", "заказы", "order", "a\"b", "\"", "x;y"})
    void quotesANameFromTheCatalogWhateverItHolds(String name) {
        String quoted = Identifiers.quoteName(name);

        assertThat(quoted).startsWith("\"").endsWith("\"");
        assertThat(unquote(quoted)).isEqualTo(name);
    }

    @Test
    void refusesToQuoteWhatNoCatalogCanHold() {
        assertThatThrownBy(() -> Identifiers.quoteName("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Identifiers.quoteName("a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Identifiers.quoteName(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void quotedNamesNeverEndEarlyAndReadBackExactly(@ForAll @StringLength(min = 1, max = 80) String name) {
        if (name.indexOf('\0') >= 0) {
            return;
        }
        String quoted = Identifiers.quoteName(name);
        String inside = quoted.substring(1, quoted.length() - 1);

        // Every quote inside is doubled, so the first lone quote is the closing one: nothing can follow it.
        assertThat(inside.replace("\"\"", "")).doesNotContain("\"");
        assertThat(unquote(quoted)).isEqualTo(name);
    }

    /** PostgreSQL's reading of a quoted identifier. */
    private static String unquote(String quoted) {
        return quoted.substring(1, quoted.length() - 1).replace("\"\"", "\"");
    }

    @Property
    void rejectsEverythingWithAForbiddenCharacter(@ForAll("plain") String prefix, @ForAll("forbidden") char bad,
                                                  @ForAll("plain") String suffix) {
        assertThat(Identifiers.isIdentifier(prefix + bad + suffix)).isFalse();
    }

    @Property
    void rejectsEverythingLongerThan63Characters(@ForAll @StringLength(min = 64, max = 300) String value) {
        assertThat(Identifiers.isIdentifier(value)).isFalse();
    }

    @Property
    void acceptsLowerCaseLettersDigitsAndUnderscoresUpTo63Characters(@ForAll("valid") String value) {
        assertThat(Identifiers.isIdentifier(value)).isTrue();
        assertThat(Identifiers.quote(value)).isEqualTo("\"" + value + "\"");
    }

    @Property
    void neverLetsAnAcceptedValueContainSqlOrPathSyntax(@ForAll String value) {
        if (Identifiers.isIdentifier(value)) {
            assertThat(value).doesNotContain(";", "\"", "'", "/", ".", " ", "\\", "-", "\n", "\t", "\0")
                    .isLowerCase()
                    .hasSizeLessThanOrEqualTo(63);
        }
    }

    @Provide
    Arbitrary<String> plain() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(20);
    }

    @Provide
    Arbitrary<Character> forbidden() {
        return Arbitraries.of(';', '"', '\'', '/', '.', ' ', '\t', '\n', '\r', '\\', '-', '$', '*', '\0', 'A', 'Z',
                'Q', 'é', '\u2028');
    }

    @Provide
    Arbitrary<String> valid() {
        Arbitrary<Character> first = Arbitraries.chars().range('a', 'z').with('_');
        Arbitrary<String> rest = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('_')
                .ofMaxLength(62);
        return first.flatMap(f -> rest.map(r -> f + r));
    }
}
