package com.aquastream.backup.core.redis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Filling a throw-away Redis for the key counter's tests over one connection. Commands whose reply is an array go
 * through a Lua script returning a number (the test client reads only simple replies).
 */
final class RedisCommands {

    private final Path dir;
    private final RedisConnection connection;

    /** Commands to {@code redis}, which was started in {@code dir}. */
    RedisCommands(ThrowawayRedis redis, Path dir) throws IOException {
        this.dir = dir;
        this.connection = RedisConnection.open(ThrowawayRedis.endpoint(redis.port()));
    }

    String run(String... args) throws IOException {
        return connection.command(args);
    }

    RedisCommands select(int db) throws IOException {
        run("SELECT", Integer.toString(db));
        return this;
    }

    /** {@code n} string keys {@code prefix0..}. */
    RedisCommands strings(String prefix, int n) throws IOException {
        script("for i = 0, tonumber(ARGV[2]) - 1 do redis.call('SET', ARGV[1] .. i, 'value-' .. i) end", prefix,
                Integer.toString(n));
        return this;
    }

    /** One or more keys of each encoding Redis 7 writes to an RDB, in the selected database. */
    RedisCommands everyEncodingIn(int db) throws IOException {
        select(db);
        run("SET", "str:int", "12345");
        run("SET", "str:negative", "-70000");
        run("SET", "str:big-int", "4294967296");
        run("SET", "str:raw", "hello");
        run("SET", "str:lzf", "abc".repeat(2_000)); // long and compressible: LZF in the RDB
        run("SET", "str:empty", "");
        run("RPUSH", "list:small", "a", "b", "c");
        script("for i = 1, 20000 do redis.call('RPUSH', ARGV[1], 'element-number-' .. i) end", "list:quicklist");
        run("RPUSH", "list:long-element", "x".repeat(20_000));
        run("SADD", "set:intset", "1", "2", "3", "-4");
        run("SADD", "set:small", "a", "b");
        script("for i = 1, 1000 do redis.call('SADD', ARGV[1], 'member-' .. i) end", "set:hashtable");
        run("ZADD", "zset:small", "1.5", "a", "2", "b", "inf", "c", "-inf", "d");
        script("for i = 1, 500 do redis.call('ZADD', ARGV[1], i / 3, 'member-' .. i) end", "zset:skiplist");
        run("HSET", "hash:small", "f1", "v1", "f2", "2");
        script("for i = 1, 1000 do redis.call('HSET', ARGV[1], 'field-' .. i, 'value-' .. i) end", "hash:hashtable");
        run("HSET", "hash:long-value", "f", "y".repeat(100));
        script("for i = 1, 300 do redis.call('XADD', ARGV[1], '*', 'n', i, 'payload', 'p' .. i) end", "stream:big");
        run("XGROUP", "CREATE", "stream:big", "readers", "0");
        run("XGROUP", "CREATE", "stream:big", "idle-group", "$");
        script("redis.call('XREADGROUP', 'GROUP', 'readers', 'alice', 'COUNT', '10', 'STREAMS', ARGV[1], '>')"
                + " redis.call('XREADGROUP', 'GROUP', 'readers', 'bob', 'COUNT', '5', 'STREAMS', ARGV[1], '>')",
                "stream:big");
        run("XADD", "stream:emptied", "1-1", "f", "v");
        run("XDEL", "stream:emptied", "1-1");
        run("SET", "ttl:seconds", "v", "EX", "3600");
        run("SET", "ttl:millis", "v", "PX", "3600000");
        run("HSET", "ttl:hash", "f", "v");
        run("EXPIRE", "ttl:hash", "3600");
        return this;
    }

    /** The server's clock in milliseconds (TIME, through a script: its reply is an array). */
    long serverMillis() throws IOException {
        return Long.parseLong(script("local t = redis.call('TIME') return t[1] * 1000 + math.floor(t[2] / 1000)"));
    }

    /** {@code INFO keyspace} as {@code db0 → keys}. */
    Map<String, Long> keyspace() throws IOException {
        return RdbSnapshot.keysPerDatabase(connection.info("keyspace"));
    }

    /** Saves in the foreground and returns the file the server wrote. */
    Path save() throws IOException {
        run("SAVE");
        return dir.resolve("dump.rdb");
    }

    private String script(String body, String... args) throws IOException {
        String[] command = new String[3 + args.length];
        command[0] = "EVAL";
        command[1] = body + (body.contains("return") ? "" : " return 1");
        command[2] = "0";
        System.arraycopy(args, 0, command, 3, args.length);
        return run(command);
    }
}
