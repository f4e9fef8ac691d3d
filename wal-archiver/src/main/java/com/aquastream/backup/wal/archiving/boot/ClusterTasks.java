package com.aquastream.backup.wal.archiving.boot;

import com.aquastream.backup.core.platform.ScheduledTask;
import com.aquastream.backup.wal.archiving.WalArchiving;
import com.aquastream.backup.wal.config.WalArchiverProperties;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Declares one {@link ScheduledTask} bean per round and configured cluster ({@code wal-receiver-main},
 * {@code wal-ship-main}, …), so the platform's one timer runs and health-checks each cluster's rounds on their own.
 * Why a registry post-processor: the platform collects tasks as beans, and how many there are depends on the
 * configured clusters. The tasks themselves come from {@link WalArchiving#task}, whose settings were checked.
 */
public final class ClusterTasks implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        List<WalArchiverProperties.Cluster> clusters = Binder.get(environment)
                .bind("backup.wal.clusters", Bindable.listOf(WalArchiverProperties.Cluster.class))
                .orElse(List.of());
        BeanFactory beans = (BeanFactory) registry;
        for (WalArchiverProperties.Cluster cluster : clusters) {
            String name = String.valueOf(cluster.name());
            for (WalArchiving.Round round : WalArchiving.Round.values()) {
                RootBeanDefinition task = new RootBeanDefinition(ScheduledTask.class,
                        () -> beans.getBean(WalArchiving.class).task(name, round));
                registry.registerBeanDefinition("walTask-" + round.name().toLowerCase(java.util.Locale.ROOT) + "-"
                        + name, task);
            }
        }
    }
}
