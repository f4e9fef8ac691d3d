-- Re-creates what the drop took from other schemas (outside-dependents-record.sql), in the restore's transaction,
-- after the row-count checks (restore-worker, OutsideDependents). Each object in a block of its own (a savepoint):
-- one that fails (a foreign key whose rows no longer match, a view whose column is gone) keeps PostgreSQL's reason
-- and is tried again in the next pass, as it may need another one first (a view on a view, a materialized view's
-- index); once a pass re-creates nothing, whatever is left is LOST. A materialized view is filled again (WITH DATA)
-- when it was populated; if filling it fails it is re-created WITH NO DATA, and the reason says so.
DO $restore_worker$
DECLARE
    d record;
    stmt text;
    note text;
    progress boolean := true;
    detail text;
BEGIN
    WHILE progress LOOP
        progress := false;
        FOR d IN SELECT * FROM pg_temp.restore_worker_dependents
                  WHERE status IS NULL AND NOT irreplaceable ORDER BY ord LOOP
            IF d.statements IS NULL AND d.matview_query IS NULL THEN
                UPDATE pg_temp.restore_worker_dependents
                   SET status = 'LOST', reason = 'restore-worker cannot re-create a ' || d.kind
                 WHERE ord = d.ord;
                CONTINUE;
            END IF;
            BEGIN
                note := NULL;
                IF d.matview_query IS NOT NULL AND d.populated THEN
                    BEGIN
                        EXECUTE d.matview_query || ' WITH DATA';
                        note := 're-created WITH DATA: filled from the restored schema';
                    EXCEPTION WHEN OTHERS THEN
                        EXECUTE d.matview_query || ' WITH NO DATA';
                        note := 're-created WITH NO DATA, filling it failed: ' || SQLERRM
                            || '; run REFRESH MATERIALIZED VIEW once that is fixed';
                    END;
                ELSIF d.matview_query IS NOT NULL THEN
                    EXECUTE d.matview_query || ' WITH NO DATA';
                    note := 're-created WITH NO DATA, as it was not populated before';
                END IF;
                IF d.statements IS NOT NULL THEN
                    FOREACH stmt IN ARRAY d.statements LOOP
                        EXECUTE stmt;
                    END LOOP;
                END IF;
                UPDATE pg_temp.restore_worker_dependents SET status = 'RECREATED', reason = note
                 WHERE ord = d.ord;
                progress := true;
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
                UPDATE pg_temp.restore_worker_dependents
                   SET reason = SQLERRM || COALESCE(NULLIF(': ' || detail, ': '), '')
                 WHERE ord = d.ord;
            END;
        END LOOP;
    END LOOP;
    UPDATE pg_temp.restore_worker_dependents SET status = 'LOST' WHERE status IS NULL AND NOT irreplaceable;
END
$restore_worker$;
