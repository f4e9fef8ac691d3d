-- What DROP SCHEMA {{schema}} CASCADE would take from OTHER schemas, recorded before the drop (restore-worker,
-- OutsideDependents). Runs in the restore's transaction, with search_path = '' so every definition is printed
-- schema-qualified. {{schema}} is replaced by the schema's name as an SQL literal.
--
-- The objects are found as PostgreSQL's own DROP finds them (dependency.c): everything whose pg_depend entry
-- references a dropped object (the schema itself first; a dependency on one column only when that column goes),
-- and the owner of anything dropped that is internal to it (a view's rule -> the view; a member -> its
-- extension), repeated to the end (a view on a view on a table of the schema). Parts of another dropped object
-- (a view's rule, a foreign key's triggers, a table's toast) are not listed: they come back with it.
CREATE TEMP TABLE restore_worker_dependents (
    ord serial, classid oid, objid oid, objsubid int, schema_name text, name text, kind text,
    irreplaceable boolean, statements text[], matview_query text, populated boolean,
    status text, reason text) ON COMMIT DROP;
DO $restore_worker$
DECLARE
    target CONSTANT text := {{schema}};
    target_oid oid := (SELECT n.oid FROM pg_catalog.pg_namespace n WHERE n.nspname = target);
    r record;
    rel pg_catalog.pg_class;
    owner_schema oid;
    dep_name text;
    dep_kind text;
    lose boolean;
    stmts text[];
    query text;
    object text;
    acl aclitem[];
    note text;
BEGIN
    IF target_oid IS NULL THEN
        RETURN;
    END IF;
    FOR r IN
        WITH RECURSIVE dropped(classid, objid, objsubid) AS (
            SELECT 'pg_catalog.pg_namespace'::pg_catalog.regclass::oid, target_oid, 0
            UNION
            SELECT CASE WHEN f.fwd THEN d.classid ELSE d.refclassid END,
                   CASE WHEN f.fwd THEN d.objid ELSE d.refobjid END,
                   CASE WHEN f.fwd THEN d.objsubid ELSE d.refobjsubid END
              FROM dropped x
              JOIN pg_catalog.pg_depend d
                ON (d.refclassid = x.classid AND d.refobjid = x.objid
                    AND (x.objsubid = 0 OR d.refobjsubid = x.objsubid) AND d.deptype <> 'p')
                OR (d.classid = x.classid AND d.objid = x.objid
                    AND (x.objsubid = 0 OR d.objsubid = x.objsubid) AND d.deptype IN ('i', 'e'))
             CROSS JOIN LATERAL (SELECT d.refclassid = x.classid AND d.refobjid = x.objid
                    AND (x.objsubid = 0 OR d.refobjsubid = x.objsubid) AND d.deptype <> 'p') f(fwd)
        )
        SELECT x.classid, x.objid, x.objsubid, x.classid::pg_catalog.regclass::text AS catalog
          FROM dropped x
         WHERE x.classid <> 'pg_catalog.pg_namespace'::pg_catalog.regclass
           -- part of another dropped object (a view's rule, a foreign key's triggers): re-created with it
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d JOIN dropped y
                             ON y.classid = d.refclassid AND y.objid = d.refobjid
                          WHERE d.classid = x.classid AND d.objid = x.objid AND d.objsubid = x.objsubid
                            AND d.deptype = 'i')
           AND NOT (x.objsubid <> 0 AND EXISTS (SELECT 1 FROM dropped y
                          WHERE y.classid = x.classid AND y.objid = x.objid AND y.objsubid = 0))
         ORDER BY 1, 2, 3
    LOOP
        owner_schema := NULL; dep_name := NULL; dep_kind := NULL; lose := false; stmts := NULL; query := NULL;
        CASE r.catalog
        WHEN 'pg_class' THEN
            SELECT * INTO rel FROM pg_catalog.pg_class c WHERE c.oid = r.objid;
            owner_schema := rel.relnamespace;
            object := r.objid::pg_catalog.regclass::text;
            IF r.objsubid <> 0 THEN
                dep_name := rel.relname || '.' || (SELECT a.attname FROM pg_catalog.pg_attribute a
                                                   WHERE a.attrelid = r.objid AND a.attnum = r.objsubid);
                dep_kind := 'column';
                lose := rel.relkind IN ('r', 'p', 'f');
            ELSE
                dep_name := rel.relname;
                dep_kind := CASE rel.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'f' THEN 'foreign table'
                    WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
                    WHEN 'i' THEN 'index' WHEN 'I' THEN 'index' WHEN 'c' THEN 'composite type' ELSE 'relation' END;
                lose := rel.relkind IN ('r', 'p', 'f', 'S');
                IF rel.relkind = 'v' THEN
                    stmts := ARRAY[pg_catalog.format('CREATE VIEW %s%s AS %s', object,
                        ' WITH (' || pg_catalog.array_to_string(rel.reloptions, ', ') || ')',
                        pg_catalog.pg_get_viewdef(r.objid))];
                ELSIF rel.relkind = 'm' THEN
                    query := pg_catalog.format('CREATE MATERIALIZED VIEW %s%s AS %s', object,
                        ' WITH (' || pg_catalog.array_to_string(rel.reloptions, ', ') || ')',
                        pg_catalog.rtrim(pg_catalog.pg_get_viewdef(r.objid), E'; \n'));
                ELSIF rel.relkind IN ('i', 'I') THEN
                    stmts := ARRAY[pg_catalog.pg_get_indexdef(r.objid)];
                END IF;
                IF rel.relkind IN ('v', 'm') THEN
                    stmts := stmts || pg_catalog.format('ALTER %s %s OWNER TO %I',
                        CASE rel.relkind WHEN 'v' THEN 'VIEW' ELSE 'MATERIALIZED VIEW' END, object,
                        pg_catalog.pg_get_userbyid(rel.relowner));
                    acl := rel.relacl;
                    IF acl IS NOT NULL THEN
                        stmts := stmts || pg_catalog.format('REVOKE ALL ON TABLE %s FROM PUBLIC', object)
                            || ARRAY(SELECT pg_catalog.format('GRANT %s ON TABLE %s TO %s%s', a.privilege_type, object,
                                   CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(a.grantee)) END,
                                   CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END)
                                FROM pg_catalog.aclexplode(acl) a);
                    END IF;
                END IF;
                IF rel.relkind IN ('v', 'm', 'i', 'I') AND pg_catalog.obj_description(r.objid, 'pg_class') IS NOT NULL THEN
                    stmts := stmts || pg_catalog.format('COMMENT ON %s %s IS %L',
                        CASE rel.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'INDEX' END, object,
                        pg_catalog.obj_description(r.objid, 'pg_class'));
                END IF;
            END IF;
        WHEN 'pg_constraint' THEN
            SELECT c.connamespace, c.conname || ' on ' || COALESCE(t.relname, ty.typname),
                   CASE c.contype WHEN 'f' THEN 'foreign key' WHEN 'c' THEN 'check constraint'
                       WHEN 'u' THEN 'unique constraint' WHEN 'p' THEN 'primary key'
                       WHEN 'x' THEN 'exclusion constraint' ELSE 'constraint' END,
                   ARRAY[CASE WHEN c.conrelid <> 0
                       THEN pg_catalog.format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::pg_catalog.regclass, c.conname, pg_catalog.pg_get_constraintdef(c.oid))
                       ELSE pg_catalog.format('ALTER DOMAIN %s ADD CONSTRAINT %I %s', c.contypid::pg_catalog.regtype, c.conname, pg_catalog.pg_get_constraintdef(c.oid)) END]
                   || ARRAY(SELECT pg_catalog.format('COMMENT ON CONSTRAINT %I ON %s%s IS %L', c.conname,
                                CASE WHEN c.conrelid = 0 THEN 'DOMAIN ' ELSE '' END,
                                COALESCE(c.conrelid::pg_catalog.regclass::text, c.contypid::pg_catalog.regtype::text), dsc)
                            FROM pg_catalog.obj_description(c.oid, 'pg_constraint') dsc WHERE dsc IS NOT NULL)
              INTO owner_schema, dep_name, dep_kind, stmts
              FROM pg_catalog.pg_constraint c
              LEFT JOIN pg_catalog.pg_class t ON t.oid = c.conrelid
              LEFT JOIN pg_catalog.pg_type ty ON ty.oid = c.contypid
             WHERE c.oid = r.objid;
        WHEN 'pg_attrdef' THEN
            SELECT t.relnamespace, t.relname || '.' || a.attname, 'column default',
                   ARRAY[pg_catalog.format('ALTER TABLE %s ALTER COLUMN %I SET DEFAULT %s', d.adrelid::pg_catalog.regclass,
                         a.attname, pg_catalog.pg_get_expr(d.adbin, d.adrelid))]
              INTO owner_schema, dep_name, dep_kind, stmts
              FROM pg_catalog.pg_attrdef d
              JOIN pg_catalog.pg_class t ON t.oid = d.adrelid
              JOIN pg_catalog.pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
             WHERE d.oid = r.objid;
        WHEN 'pg_trigger' THEN
            SELECT t.relnamespace, g.tgname || ' on ' || t.relname, 'trigger',
                   ARRAY[pg_catalog.pg_get_triggerdef(g.oid)]
                   || ARRAY(SELECT pg_catalog.format('ALTER TABLE %s %s TRIGGER %I', g.tgrelid::pg_catalog.regclass,
                                CASE g.tgenabled WHEN 'D' THEN 'DISABLE' WHEN 'R' THEN 'ENABLE REPLICA' ELSE 'ENABLE ALWAYS' END, g.tgname)
                            WHERE g.tgenabled <> 'O')
                   || ARRAY(SELECT pg_catalog.format('COMMENT ON TRIGGER %I ON %s IS %L', g.tgname, g.tgrelid::pg_catalog.regclass, dsc)
                            FROM pg_catalog.obj_description(g.oid, 'pg_trigger') dsc WHERE dsc IS NOT NULL)
              INTO owner_schema, dep_name, dep_kind, stmts
              FROM pg_catalog.pg_trigger g JOIN pg_catalog.pg_class t ON t.oid = g.tgrelid
             WHERE g.oid = r.objid;
        WHEN 'pg_proc' THEN
            SELECT p.pronamespace, p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')',
                   CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window function' ELSE 'function' END,
                   CASE WHEN p.prokind IN ('f', 'p', 'w') THEN
                       ARRAY[pg_catalog.pg_get_functiondef(p.oid),
                             pg_catalog.format('ALTER ROUTINE %s OWNER TO %I', p.oid::pg_catalog.regprocedure, pg_catalog.pg_get_userbyid(p.proowner))]
                       || ARRAY(SELECT pg_catalog.format('REVOKE ALL ON ROUTINE %s FROM PUBLIC', p.oid::pg_catalog.regprocedure) WHERE p.proacl IS NOT NULL)
                       || ARRAY(SELECT pg_catalog.format('GRANT %s ON ROUTINE %s TO %s%s', a.privilege_type, p.oid::pg_catalog.regprocedure,
                                   CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(a.grantee)) END,
                                   CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END)
                                FROM pg_catalog.aclexplode(p.proacl) a)
                       || ARRAY(SELECT pg_catalog.format('COMMENT ON ROUTINE %s IS %L', p.oid::pg_catalog.regprocedure, dsc)
                                FROM pg_catalog.obj_description(p.oid, 'pg_proc') dsc WHERE dsc IS NOT NULL)
                   END
              INTO owner_schema, dep_name, dep_kind, stmts
              FROM pg_catalog.pg_proc p WHERE p.oid = r.objid;
        WHEN 'pg_rewrite' THEN
            SELECT t.relnamespace, w.rulename || ' on ' || t.relname, 'rule', ARRAY[pg_catalog.pg_get_ruledef(w.oid)]
              INTO owner_schema, dep_name, dep_kind, stmts
              FROM pg_catalog.pg_rewrite w JOIN pg_catalog.pg_class t ON t.oid = w.ev_class WHERE w.oid = r.objid;
        WHEN 'pg_policy' THEN
            SELECT t.relnamespace, p.polname || ' on ' || t.relname, 'policy',
                   ARRAY[pg_catalog.format('CREATE POLICY %I ON %s AS %s FOR %s TO %s%s%s', p.polname, p.polrelid::pg_catalog.regclass,
                         CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
                         CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                         (SELECT pg_catalog.string_agg(CASE WHEN g = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(g)) END, ', ')
                            FROM pg_catalog.unnest(p.polroles) g),
                         ' USING (' || pg_catalog.pg_get_expr(p.polqual, p.polrelid) || ')',
                         ' WITH CHECK (' || pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) || ')')]
              INTO owner_schema, dep_name, dep_kind, stmts
              FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_class t ON t.oid = p.polrelid WHERE p.oid = r.objid;
        WHEN 'pg_type' THEN
            SELECT ty.typnamespace, ty.typname, CASE ty.typtype WHEN 'd' THEN 'domain' ELSE 'type' END
              INTO owner_schema, dep_name, dep_kind
              FROM pg_catalog.pg_type ty WHERE ty.oid = r.objid;
        WHEN 'pg_extension' THEN
            SELECT e.extnamespace, e.extname, 'extension', true INTO owner_schema, dep_name, dep_kind, lose
              FROM pg_catalog.pg_extension e WHERE e.oid = r.objid;
        ELSE
            SELECT n.oid, i.name, i.type INTO owner_schema, dep_name, dep_kind
              FROM pg_catalog.pg_identify_object(r.classid, r.objid, r.objsubid) i
              LEFT JOIN pg_catalog.pg_namespace n ON n.nspname = i.schema;
            dep_name := COALESCE(dep_name, (pg_catalog.pg_identify_object(r.classid, r.objid, r.objsubid)).identity);
        END CASE;
        IF owner_schema IS DISTINCT FROM target_oid
                AND owner_schema IS DISTINCT FROM 'pg_toast'::pg_catalog.regnamespace THEN
            INSERT INTO pg_temp.restore_worker_dependents (classid, objid, objsubid, schema_name, name, kind,
                    irreplaceable, statements, matview_query, populated)
            VALUES (r.classid, r.objid, r.objsubid, (SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE n.oid = owner_schema),
                    dep_name, dep_kind, lose, stmts, query,
                    (SELECT c.relispopulated FROM pg_catalog.pg_class c
                      WHERE c.oid = r.objid AND c.relkind = 'm' AND r.classid = 'pg_catalog.pg_class'::pg_catalog.regclass));
        END IF;
    END LOOP;
END
$restore_worker$;
