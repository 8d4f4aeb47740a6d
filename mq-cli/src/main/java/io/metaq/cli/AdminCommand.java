package io.metaq.cli;

import io.metaq.api.TopicNames;
import io.metaq.client.AdminClient;
import io.metaq.client.ClientException;
import io.metaq.client.MessagingClient;
import io.metaq.client.Partition;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A metaq-admin command that talks to the cluster: the connection options, the command line's out
 * and err writers, and helpers. {@link #run()} returns the exit code or throws (a {@link CliException}
 * carries its own code; see {@link Errors}).
 */
abstract class AdminCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Override
    public final Integer call() throws Exception {
        connection.validate(spec);
        return run();
    }

    protected abstract int run() throws Exception;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    MessagingClient connect() {
        return connection.connect();
    }

    /** A usage error (exit code 2) with the command's usage. */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    void checkTopicName(String topic) {
        String problem = TopicNames.problem(topic);
        if (problem != null) {
            throw usage(problem + ": '" + topic + "'");
        }
    }

    /** A message on standard error prefixed with the command's name. */
    void warn(String message) {
        err().println(spec.qualifiedName() + ": " + message);
        err().flush();
    }

    /** The partitions of a topic known to ZooKeeper (subscribable and published), sorted; empty when unknown. */
    static List<Partition> partitionsOf(MessagingClient client, String topic) {
        TreeSet<Partition> all = new TreeSet<>(client.admin().partitions(topic));
        all.addAll(client.partitionsFor(topic));
        return new ArrayList<>(all);
    }

    /** The broker ids of some partitions, sorted. */
    static List<Integer> brokersOf(List<Partition> partitions) {
        TreeSet<Integer> ids = new TreeSet<>();
        for (Partition p : partitions) {
            ids.add(p.brokerId());
        }
        return new ArrayList<>(ids);
    }

    /** The topic's partitions, or exit code 1 when ZooKeeper knows no such topic. */
    static List<Partition> requireTopic(MessagingClient client, String topic) {
        List<Partition> partitions = partitionsOf(client, topic);
        if (partitions.isEmpty()) {
            throw CliException.failed("topic " + topic + " not found (no broker publishes it)");
        }
        return partitions;
    }

    /** Whether the broker id is registered, with exit code 1 when not. */
    static void requireBroker(AdminClient admin, int brokerId) {
        if (!admin.brokers().containsKey(brokerId)) {
            throw CliException.failed("broker " + brokerId + " is not registered in ZooKeeper; live brokers: "
                    + new TreeSet<>(admin.brokers().keySet()));
        }
    }

    /** Runs a per-broker or per-partition lookup, turning a client failure into a CliException with its exit code. */
    static <T> T lookup(String what, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ClientException e) {
            throw new CliException(Errors.exitCode(e), what + ": " + Errors.describe(e), e);
        }
    }
}
