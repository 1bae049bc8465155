import java.nio.file.Path;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * A local Neo4j Community 5.26 DBMS for development and CI: the embedded DBMS with
 * its Bolt connector on, authentication on, bound to loopback only. Python talks to
 * it over Bolt with the official driver, exactly as to a production server.
 *
 * Usage: StakegraphNeo4j HOME PORT PASSWORD PAGECACHE_MB
 */
public final class StakegraphNeo4j {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String password = args[2];
        long pageCacheMb = Long.parseLong(args[3]);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            System.out.println("stakegraph-neo4j: stopped");
        }));
        try {
            setPassword(dbms, password);
        } catch (RuntimeException e) {
            System.out.println("stakegraph-neo4j: could not set the password: " + e.getMessage());
            System.exit(1);
        }
        System.out.println("stakegraph-neo4j: ready on bolt://127.0.0.1:" + port);
        Thread.currentThread().join();
    }

    /** Sets the built-in user's password; it starts as 'neo4j' with a forced change. */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (RuntimeException e) {
            // A restart with the same password: nothing to change.
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }
}
