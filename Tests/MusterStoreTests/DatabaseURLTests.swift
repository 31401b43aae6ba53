import MusterDomain
import Testing

@testable import MusterStore

@Suite("Reading DATABASE_URL")
struct DatabaseURLTests {
    @Test("a TCP URL with credentials and sslmode")
    func tcpURL() throws {
        let url = try DatabaseURL(parsing: "postgres://hr:s%40cret@db.local:6543/muster?sslmode=disable")
        #expect(url.endpoint == .tcp(host: "db.local", port: 6543))
        #expect(url.username == "hr")
        #expect(url.password == "s@cret")
        #expect(url.database == "muster")
        #expect(url.tlsMode == .disable)
        #expect(url.description.contains("***"))
        #expect(!url.description.contains("cret"))
    }

    @Test("a Unix socket URL round-trips through its printed form")
    func socketURL() throws {
        let url = try DatabaseURL(parsing: "postgresql://postgres@/muster?host=/tmp/sock&port=5433")
        #expect(url.endpoint == .socket(directory: "/tmp/sock", port: 5433))
        #expect(try DatabaseURL(parsing: url.urlString) == url)
    }

    @Test(
        "malformed URLs are rejected with a reason",
        arguments: [
            ("mysql://u@h/db", "scheme"),
            ("postgres://h/db", "user"),
            ("postgres://u@h", "database"),
            ("postgres://u@h:99999/db", "port"),
            ("postgres://u@/db", "host"),
            ("postgres://u@h/db?sslmode=sometimes", "sslmode"),
        ]
    )
    func malformed(text: String, reason: String) {
        #expect {
            try DatabaseURL(parsing: text)
        } throws: { error in
            guard let error = error as? MusterError else { return false }
            return error.code == "invalid_database_url" && error.message.contains(reason)
        }
    }

    @Test("missing server programs are reported with the install command")
    func missingInstallation() {
        #expect {
            try PostgresInstallation.locate(
                environment: ["MUSTER_PG_BIN": "/nonexistent/bin"],
                pgConfigPaths: [],
                debianRoot: "/nonexistent/postgresql"
            )
        } throws: { error in
            guard let error = error as? MusterError else { return false }
            return error.code == "postgres_not_installed" && error.message.contains("apt-get install")
        }
    }
}
