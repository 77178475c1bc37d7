-- The daily figures' triggers on the tables that are written in bulk (the demo seed, imports)
-- become statement triggers: one statement writing N rows updates "FiguresDaily" once, with the
-- contributions of all N summed, instead of N times. Same contributions as before (the functions
-- of 20261122080000_figures_daily); a single-row write costs the same. Deleting a case stays a
-- row trigger (BEFORE DELETE, while its children are still there); places and structures, written
-- one at a time, keep theirs.

DROP TRIGGER figures_case_insert ON "Case";
DROP TRIGGER figures_case_update ON "Case";
DROP TRIGGER figures_person_update ON "Person";
DROP TRIGGER figures_exploitation ON "CaseExploitation";
DROP TRIGGER figures_outing ON "OutreachOuting";
DROP TRIGGER figures_legal_event ON "LegalEvent";
DROP TRIGGER figures_service ON "ServiceDelivery";
DROP TRIGGER figures_training ON "TrainingEvent";
DROP TRIGGER figures_placement ON "Placement";

-- Rows of a transition table are read into typed arrays (a transition table's whole-row value is
-- an anonymous record), then unnested as the table's own type.

CREATE FUNCTION figures_on_case_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  before_rows "Case"[];
  after_rows "Case"[];
BEGIN
  IF TG_OP = 'UPDATE' THEN
    SELECT array_agg(o) INTO before_rows FROM old_rows o;
    -- Only cases whose counted columns changed (as the row trigger's WHEN did).
    SELECT array_agg(b) INTO before_rows FROM unnest(before_rows) b JOIN "Case" a ON a."id" = b."id"
     WHERE (b."openedOn", b."closedOn", b."exitOutcome", b."phase", b."referralSource", b."identification", b."identifiedOn",
            b."ageBand", b."openedByTransferId", b."personId")
           IS DISTINCT FROM
           (a."openedOn", a."closedOn", a."exitOutcome", a."phase", a."referralSource", a."identification", a."identifiedOn",
            a."ageBand", a."openedByTransferId", a."personId");
    SELECT array_agg(a) INTO after_rows FROM "Case" a WHERE a."id" IN (SELECT b."id" FROM unnest(before_rows) b);
    PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(-r.n))
    FROM unnest(before_rows) c, figures_whole_case_rows(c) r;
  ELSE
    SELECT array_agg(a) INTO after_rows FROM "Case" a WHERE a."id" IN (SELECT n."id" FROM new_rows n);
  END IF;
  PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(r.n))
  FROM unnest(after_rows) c, figures_whole_case_rows(c) r;
  RETURN NULL;
END $$;
CREATE TRIGGER figures_case_insert AFTER INSERT ON "Case" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_case_rows();
CREATE TRIGGER figures_case_update AFTER UPDATE ON "Case" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_case_rows();

CREATE FUNCTION figures_on_person_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  before_rows "Person"[];
BEGIN
  SELECT array_agg(o) INTO before_rows FROM old_rows o;
  PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(r.n))
  FROM (
    SELECT o.metric, o.day, o.key, -o.n AS n
    FROM unnest(before_rows) b JOIN "Person" a ON a."id" = b."id" JOIN "Case" c ON c."personId" = b."id",
         figures_case_rows(c, b."gender"::text, b."citizenship") o
    WHERE (b."gender", b."citizenship") IS DISTINCT FROM (a."gender", a."citizenship")
      AND (o.metric LIKE '%:byGender' OR o.metric LIKE '%:byCitizenship')
    UNION ALL
    SELECT o.metric, o.day, o.key, o.n
    FROM unnest(before_rows) b JOIN "Person" a ON a."id" = b."id" JOIN "Case" c ON c."personId" = a."id",
         figures_case_rows(c, a."gender"::text, a."citizenship") o
    WHERE (b."gender", b."citizenship") IS DISTINCT FROM (a."gender", a."citizenship")
      AND (o.metric LIKE '%:byGender' OR o.metric LIKE '%:byCitizenship')
  ) r;
  RETURN NULL;
END $$;
CREATE TRIGGER figures_person_update AFTER UPDATE ON "Person" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_person_rows();

-- One function per table for the old rows (taken back) and the new rows (added).
CREATE FUNCTION figures_on_exploitation_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rows_ "CaseExploitation"[];
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT array_agg(o) INTO rows_ FROM old_rows o;
    PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(-r.n))
    FROM unnest(rows_) e JOIN "Case" c ON c."id" = e."caseId", figures_exploitation_rows(c, e."type"::text) r;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT array_agg(n) INTO rows_ FROM new_rows n;
    PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(r.n))
    FROM unnest(rows_) e JOIN "Case" c ON c."id" = e."caseId", figures_exploitation_rows(c, e."type"::text) r;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION figures_outing_rows(o "OutreachOuting")
RETURNS TABLE(metric text, day date, key text, n int) LANGUAGE sql IMMUTABLE AS $$
  SELECT r.* FROM figures_event_rows('outings', o."heldOn", o."contacts", 'contacts') r
  UNION ALL
  SELECT 'accompaniments', o."heldOn", '', o."accompaniments" WHERE o."accompaniments" <> 0
$$;

CREATE FUNCTION figures_on_outing_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rows_ "OutreachOuting"[];
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT array_agg(o) INTO rows_ FROM old_rows o;
    PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(-r.n)) FROM unnest(rows_) x, figures_outing_rows(x) r;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT array_agg(n) INTO rows_ FROM new_rows n;
    PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(r.n)) FROM unnest(rows_) x, figures_outing_rows(x) r;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION figures_on_legal_event_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rows_ "LegalEvent"[];
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT array_agg(o) INTO rows_ FROM old_rows o;
    PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(-r.n))
    FROM unnest(rows_) x, figures_event_rows(figures_legal_metric(x."kind"), x."occurredOn", 0, NULL) r;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT array_agg(n) INTO rows_ FROM new_rows n;
    PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(r.n))
    FROM unnest(rows_) x, figures_event_rows(figures_legal_metric(x."kind"), x."occurredOn", 0, NULL) r;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION figures_on_service_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rows_ "ServiceDelivery"[];
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT array_agg(o) INTO rows_ FROM old_rows o;
    PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(-r.n))
    FROM unnest(rows_) x, figures_event_rows(CASE WHEN x."kind" = 'JOB_PLACEMENT' THEN 'jobPlacements' END, x."deliveredOn", 0, NULL) r;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT array_agg(n) INTO rows_ FROM new_rows n;
    PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(r.n))
    FROM unnest(rows_) x, figures_event_rows(CASE WHEN x."kind" = 'JOB_PLACEMENT' THEN 'jobPlacements' END, x."deliveredOn", 0, NULL) r;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION figures_on_training_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rows_ "TrainingEvent"[];
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT array_agg(o) INTO rows_ FROM old_rows o;
    PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(-r.n))
    FROM unnest(rows_) x, figures_event_rows('trainingEvents', x."heldOn", x."participants", 'trainingParticipants') r;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT array_agg(n) INTO rows_ FROM new_rows n;
    PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(r.n))
    FROM unnest(rows_) x, figures_event_rows('trainingEvents', x."heldOn", x."participants", 'trainingParticipants') r;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION figures_on_placement_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rows_ "Placement"[];
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT array_agg(o) INTO rows_ FROM old_rows o;
    PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(-r.n))
    FROM unnest(rows_) x, figures_placement_rows(figures_place_key(x."placeId"), x) r;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT array_agg(n) INTO rows_ FROM new_rows n;
    PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(r.n))
    FROM unnest(rows_) x, figures_placement_rows(figures_place_key(x."placeId"), x) r;
  END IF;
  RETURN NULL;
END $$;

-- Three triggers per table: a trigger with transition tables handles one kind of event.
CREATE TRIGGER figures_exploitation_insert AFTER INSERT ON "CaseExploitation" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_exploitation_rows();
CREATE TRIGGER figures_exploitation_update AFTER UPDATE ON "CaseExploitation" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_exploitation_rows();
CREATE TRIGGER figures_exploitation_delete AFTER DELETE ON "CaseExploitation" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_exploitation_rows();
CREATE TRIGGER figures_outing_insert AFTER INSERT ON "OutreachOuting" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_outing_rows();
CREATE TRIGGER figures_outing_update AFTER UPDATE ON "OutreachOuting" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_outing_rows();
CREATE TRIGGER figures_outing_delete AFTER DELETE ON "OutreachOuting" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_outing_rows();
CREATE TRIGGER figures_legal_event_insert AFTER INSERT ON "LegalEvent" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_legal_event_rows();
CREATE TRIGGER figures_legal_event_update AFTER UPDATE ON "LegalEvent" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_legal_event_rows();
CREATE TRIGGER figures_legal_event_delete AFTER DELETE ON "LegalEvent" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_legal_event_rows();
CREATE TRIGGER figures_service_insert AFTER INSERT ON "ServiceDelivery" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_service_rows();
CREATE TRIGGER figures_service_update AFTER UPDATE ON "ServiceDelivery" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_service_rows();
CREATE TRIGGER figures_service_delete AFTER DELETE ON "ServiceDelivery" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_service_rows();
CREATE TRIGGER figures_training_insert AFTER INSERT ON "TrainingEvent" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_training_rows();
CREATE TRIGGER figures_training_update AFTER UPDATE ON "TrainingEvent" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_training_rows();
CREATE TRIGGER figures_training_delete AFTER DELETE ON "TrainingEvent" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_training_rows();
CREATE TRIGGER figures_placement_insert AFTER INSERT ON "Placement" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_placement_rows();
CREATE TRIGGER figures_placement_update AFTER UPDATE ON "Placement" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_placement_rows();
CREATE TRIGGER figures_placement_delete AFTER DELETE ON "Placement" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_placement_rows();
