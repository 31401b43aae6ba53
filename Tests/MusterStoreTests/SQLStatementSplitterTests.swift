import Testing

@testable import MusterStore

@Suite("Splitting migration scripts into statements")
struct SQLStatementSplitterTests {
    @Test("splits at top-level semicolons and drops empty statements")
    func splitsPlainStatements() {
        let statements = SQLStatementSplitter.split("CREATE TABLE a (x int);\n\n;INSERT INTO a VALUES (1);\n")
        #expect(statements == ["CREATE TABLE a (x int)", "INSERT INTO a VALUES (1)"])
    }

    @Test("keeps semicolons inside strings, identifiers and comments")
    func keepsQuotedSemicolons() {
        let script = """
            -- a comment; not a cut
            INSERT INTO "odd;name" VALUES ('it''s; fine'); /* block; /* nested; */ still */
            SELECT 2
            """
        let statements = SQLStatementSplitter.split(script)
        #expect(statements.count == 2)
        #expect(statements[0].hasSuffix("VALUES ('it''s; fine')"))
        #expect(statements[1].hasSuffix("SELECT 2"))
    }

    @Test("keeps dollar-quoted function bodies whole")
    func keepsDollarQuotedBodies() {
        let script = """
            CREATE FUNCTION f() RETURNS trigger AS $body$ BEGIN RAISE EXCEPTION 'no; way'; END; $body$ LANGUAGE plpgsql;
            CREATE FUNCTION g() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;
            SELECT $1
            """
        let statements = SQLStatementSplitter.split(script)
        #expect(statements.count == 3)
        #expect(statements[0].contains("END; $body$ LANGUAGE plpgsql"))
        #expect(statements[1].contains("SELECT 1; $$"))
        #expect(statements[2] == "SELECT $1")
    }

    @Test("a script of comments only has no statements")
    func commentsOnly() {
        #expect(SQLStatementSplitter.split("-- nothing\n/* at all */\n").isEmpty)
    }
}
