package com.aquastream.backup.restore.recovery.pg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlNamesTest {

    @Test
    void findsQuotedAndUnquotedSchemasThatQualifyTypesTablesAndForeignKeys() {
        String sql = """
                CREATE TABLE crew.members (
                    id bigint NOT NULL,
                    role "user"."Account Status"
                );
                ALTER TABLE ONLY crew.members
                    ADD CONSTRAINT members_account_id_fkey FOREIGN KEY (account_id) REFERENCES "user".accounts(id);
                """;

        assertThat(SqlNames.qualifiers(sql)).containsExactly("crew", "user");
    }

    @Test
    void ignoresLiteralsCommentsDollarQuotedBodiesAndNumbers() {
        String sql = """
                -- Name: x.y; Type: TABLE; Schema: other
                COMMENT ON TABLE a.t IS 'see b.t and it''s c.t';
                CREATE FUNCTION a.f() RETURNS int LANGUAGE sql AS $body$ SELECT d.x FROM e.y $body$;
                /* f.g */ SELECT 1.5, $1;
                """;

        assertThat(SqlNames.qualifiers(sql)).containsExactly("a");
    }

    @Test
    void keepsTheSpellingOfQuotedNamesAndFoldsUnquotedOnes() {
        assertThat(SqlNames.qualifiers("select * from \"Odd\"\"Schema\".t join Upper.u on true"))
                .containsExactly("Odd\"Schema", "upper");
    }
}
