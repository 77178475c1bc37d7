-- Pre-aggregated daily figures, so that the federation's figures for a period cost the same at
-- 10^3 and 10^6 cases (see src/figures/figures.sql.ts for how they are read).
--
-- "FiguresDaily" holds, per metric, day and key (a category such as a gender or a phase), the
-- number of events of that day; day 'infinity' holds the running total of the metric and key, and
-- day '-infinity' what is counted from the beginning of time (active places). A count "up to day D"
-- is then the total minus the days after D: the recent periods the capofila asks about read few rows.
--
-- Kept exact by triggers, in the same transaction as every write (the stores, the seed, transfers,
-- any future write path alike); figures_rebuild() recomputes everything from the tables (used
-- below for existing rows, and by bulk loads that write with triggers off). The function
-- figures_contributions() is the single definition both use. Counts by day and category only: no
-- person, case or id is ever stored here.

-- CreateTable
CREATE TABLE "FiguresDaily" (
    "metric" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "key" TEXT NOT NULL DEFAULT '',
    "n" INTEGER NOT NULL,

    CONSTRAINT "FiguresDaily_pkey" PRIMARY KEY ("metric","day","key")
);

-- Adds rows (metric, day, key, n) and their totals; rows are sorted so that concurrent writers
-- take row locks in the same order.
CREATE FUNCTION figures_apply(m text[], d date[], k text[], v int[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "FiguresDaily" ("metric", "day", "key", "n")
  SELECT metric, day, key, sum(n)::int
  FROM (
    SELECT metric, day, key, n FROM unnest(m, d, k, v) AS t(metric, day, key, n)
    UNION ALL
    SELECT metric, 'infinity'::date, key, n FROM unnest(m, d, k, v) AS t(metric, day, key, n) WHERE day <> 'infinity'::date
  ) x
  WHERE metric IS NOT NULL AND day IS NOT NULL
  GROUP BY metric, day, key
  HAVING sum(n) <> 0
  ORDER BY metric, day, key
  ON CONFLICT ("metric", "day", "key") DO UPDATE SET "n" = "FiguresDaily"."n" + EXCLUDED."n"
$$;

-- What one case adds by itself and through its person: the case counters and the breakdowns
-- of active cases ('open:<breakdown>' on the opening day, 'close:<breakdown>' on the closing day:
-- active in [from, to] = opened by to minus closed before from).
CREATE FUNCTION figures_case_rows(c "Case", gender text, citizenship text)
RETURNS TABLE(metric text, day date, key text, n int) LANGUAGE sql IMMUTABLE AS $$
  SELECT v.metric, v.day, v.key, v.n FROM (VALUES
    ('new', c."openedOn", '', CASE WHEN c."openedByTransferId" IS NULL THEN 1 ELSE 0 END),
    ('transferIn', c."openedOn", '', CASE WHEN c."openedByTransferId" IS NULL THEN 0 ELSE 1 END),
    ('open', c."openedOn", '', 1),
    ('close', c."closedOn", '', 1),
    ('exit', CASE WHEN c."exitOutcome" IS NOT NULL THEN c."closedOn" END, c."exitOutcome"::text, 1),
    ('identified', CASE WHEN c."identification" = 'IDENTIFIED' THEN c."identifiedOn" END, '', 1),
    ('open:byAgeBand', c."openedOn", c."ageBand"::text, 1),
    ('close:byAgeBand', c."closedOn", c."ageBand"::text, 1),
    ('open:byReferralSource', c."openedOn", c."referralSource"::text, 1),
    ('close:byReferralSource', c."closedOn", c."referralSource"::text, 1),
    ('open:byGender', c."openedOn", gender, 1),
    ('close:byGender', c."closedOn", gender, 1),
    ('open:byCitizenship', c."openedOn", citizenship, 1),
    ('close:byCitizenship', c."closedOn", citizenship, 1)
  ) AS v(metric, day, key, n)
  WHERE v.day IS NOT NULL AND v.key IS NOT NULL AND v.n <> 0
$$;

-- The phase of the case on each of its open days as +1/-1 steps ('phase': read up to the end of
-- the period), and its phase on the closing day ('closephase'). The phase on a day is the last
-- change started by then (same day: the one recorded last), else the case's current phase; the
-- same rule as figures.sql.ts's definition and period.ts.
CREATE FUNCTION figures_phase_rows(c "Case", changes "CasePhaseChange"[])
RETURNS TABLE(metric text, day date, key text, n int) LANGUAGE sql IMMUTABLE AS $$
  WITH effective AS (
    SELECT DISTINCT ON (ch."startedOn") ch."startedOn" AS s, ch."phase"::text AS p
    FROM unnest(changes) AS ch
    ORDER BY ch."startedOn", ch."createdAt" DESC, ch."id" DESC
  ),
  steps AS (
    SELECT c."openedOn" AS s,
           coalesce((SELECT e.p FROM effective e WHERE e.s <= c."openedOn" ORDER BY e.s DESC LIMIT 1), c."phase"::text) AS p
    UNION ALL
    SELECT e.s, e.p FROM effective e WHERE e.s > c."openedOn" AND (c."closedOn" IS NULL OR e.s < c."closedOn")
  ),
  segments AS (
    SELECT s, p, coalesce(lead(s) OVER (ORDER BY s), c."closedOn") AS e FROM steps
  )
  SELECT 'phase', s, p, 1 FROM segments WHERE c."closedOn" IS NULL OR c."openedOn" < c."closedOn"
  UNION ALL
  SELECT 'phase', e, p, -1 FROM segments WHERE e IS NOT NULL AND (c."closedOn" IS NULL OR c."openedOn" < c."closedOn")
  UNION ALL
  SELECT 'closephase', c."closedOn",
         coalesce((SELECT e.p FROM effective e WHERE e.s <= c."closedOn" ORDER BY e.s DESC LIMIT 1), c."phase"::text), 1
  WHERE c."closedOn" IS NOT NULL
$$;

-- Cases with an interview in [from, to]: each distinct interview day of a case, keyed by the
-- case's previous interview day; a case counts in a period once, through its first interview day
-- in it (the previous one is before `from`, or none: key '').
CREATE FUNCTION figures_interview_rows(days date[])
RETURNS TABLE(metric text, day date, key text, n int) LANGUAGE sql IMMUTABLE AS $$
  SELECT 'assess', d, coalesce(to_char(lag(d) OVER (ORDER BY d), 'YYYY-MM-DD'), ''), 1
  FROM (SELECT DISTINCT x AS d FROM unnest(days) AS x) u
$$;

CREATE FUNCTION figures_exploitation_rows(c "Case", type text)
RETURNS TABLE(metric text, day date, key text, n int) LANGUAGE sql IMMUTABLE AS $$
  SELECT v.metric, v.day, type, 1 FROM (VALUES ('open:byExploitationType', c."openedOn"), ('close:byExploitationType', c."closedOn")) AS v(metric, day)
  WHERE v.day IS NOT NULL
$$;

-- Places and their occupancy at the end of a period, by structure type and target: an active place
-- of an active structure counts from the beginning of time; a placement occupies from its first day
-- to the day the person left (excluded). Places never hold two placements at once (capacity rules).
CREATE FUNCTION figures_placement_rows(capacity_key text, p "Placement")
RETURNS TABLE(metric text, day date, key text, n int) LANGUAGE sql IMMUTABLE AS $$
  SELECT v.metric, v.day, capacity_key, v.n FROM (VALUES ('occupied', p."startOn", 1), ('occupied', p."endOn", -1)) AS v(metric, day, n)
  WHERE capacity_key IS NOT NULL AND v.day IS NOT NULL
$$;

CREATE FUNCTION figures_capacity_key(place_active boolean, target text, structure_active boolean, structure_type text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN place_active AND structure_active THEN structure_type || '|' || target END
$$;

CREATE FUNCTION figures_place_rows(capacity_key text, place_id uuid)
RETURNS TABLE(metric text, day date, key text, n int) LANGUAGE sql STABLE AS $$
  SELECT 'places', '-infinity'::date, capacity_key, 1 WHERE capacity_key IS NOT NULL
  UNION ALL
  SELECT r.* FROM "Placement" pm, figures_placement_rows(capacity_key, pm) r WHERE pm."placeId" = place_id AND capacity_key IS NOT NULL
$$;

CREATE FUNCTION figures_event_rows(kind text, on_day date, amount int, second_metric text)
RETURNS TABLE(metric text, day date, key text, n int) LANGUAGE sql IMMUTABLE AS $$
  SELECT v.metric, on_day, '', v.n FROM (VALUES (kind, 1), (second_metric, amount)) AS v(metric, n)
  WHERE v.metric IS NOT NULL AND on_day IS NOT NULL AND v.n <> 0
$$;

-- Everything a case contributes, from the tables as they are now.
CREATE FUNCTION figures_whole_case_rows(c "Case")
RETURNS TABLE(metric text, day date, key text, n int) LANGUAGE sql STABLE AS $$
  SELECT r.* FROM "Person" p, figures_case_rows(c, p."gender"::text, p."citizenship") r WHERE p."id" = c."personId"
  UNION ALL
  SELECT r.* FROM "CaseExploitation" e, figures_exploitation_rows(c, e."type"::text) r WHERE e."caseId" = c."id"
  UNION ALL
  SELECT r.* FROM figures_phase_rows(c, ARRAY(SELECT h FROM "CasePhaseChange" h WHERE h."caseId" = c."id")) r
$$;

-- The single definition of what the tables contribute; FiguresDaily must always equal it summed
-- (checked by the tests after every kind of write). A function rather than a view: no columns
-- outside the Prisma model (the schema drift test compares them).
CREATE FUNCTION figures_contributions() RETURNS TABLE(metric text, day date, key text, n int) LANGUAGE sql STABLE AS $$
  SELECT r.* FROM "Case" c, figures_whole_case_rows(c) r
  UNION ALL
  SELECT r.* FROM (SELECT array_agg("heldOn") AS days FROM "Interview" GROUP BY "caseId") i, figures_interview_rows(i.days) r
  UNION ALL
  SELECT r.* FROM "OutreachOuting" o, figures_event_rows('outings', o."heldOn", o."contacts", 'contacts') r
  UNION ALL
  SELECT 'accompaniments', o."heldOn", '', o."accompaniments" FROM "OutreachOuting" o WHERE o."accompaniments" <> 0
  UNION ALL
  SELECT r.* FROM "LegalEvent" l,
    figures_event_rows(CASE l."kind" WHEN 'PERMIT_REQUESTED' THEN 'permitsRequested' WHEN 'PERMIT_GRANTED' THEN 'permitsGranted' END, l."occurredOn", 0, NULL) r
  UNION ALL
  SELECT r.* FROM "ServiceDelivery" s, figures_event_rows(CASE WHEN s."kind" = 'JOB_PLACEMENT' THEN 'jobPlacements' END, s."deliveredOn", 0, NULL) r
  UNION ALL
  SELECT r.* FROM "TrainingEvent" t, figures_event_rows('trainingEvents', t."heldOn", t."participants", 'trainingParticipants') r
  UNION ALL
  SELECT r.* FROM "Place" pl JOIN "Structure" s ON s."id" = pl."structureId",
    figures_place_rows(figures_capacity_key(pl."active", pl."target"::text, s."active", s."type"::text), pl."id") r
$$;

CREATE FUNCTION figures_rebuild() RETURNS void LANGUAGE sql AS $$
  DELETE FROM "FiguresDaily";
  INSERT INTO "FiguresDaily" ("metric", "day", "key", "n")
  SELECT metric, day, key, sum(n)::int
  FROM (
    WITH c AS MATERIALIZED (SELECT * FROM figures_contributions())
    SELECT c.metric, c.day, c.key, c.n FROM c
    UNION ALL
    SELECT c.metric, 'infinity'::date, c.key, c.n FROM c
  ) x
  GROUP BY metric, day, key
  HAVING sum(n) <> 0;
$$;

-- ----- triggers: each write adds its new contribution and takes back its old one -------------

CREATE FUNCTION figures_on_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- BEFORE DELETE: the case's exploitations and phases are still there (they cascade after).
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(-r.n)) FROM figures_whole_case_rows(OLD) r;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(r.n)) FROM figures_whole_case_rows(NEW) r;
    RETURN NEW;
  END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER figures_case_insert AFTER INSERT ON "Case" FOR EACH ROW EXECUTE FUNCTION figures_on_case();
CREATE TRIGGER figures_case_update AFTER UPDATE ON "Case" FOR EACH ROW
  WHEN ((OLD."openedOn", OLD."closedOn", OLD."exitOutcome", OLD."phase", OLD."referralSource", OLD."identification", OLD."identifiedOn",
         OLD."ageBand", OLD."openedByTransferId", OLD."personId")
        IS DISTINCT FROM
        (NEW."openedOn", NEW."closedOn", NEW."exitOutcome", NEW."phase", NEW."referralSource", NEW."identification", NEW."identifiedOn",
         NEW."ageBand", NEW."openedByTransferId", NEW."personId"))
  EXECUTE FUNCTION figures_on_case();
CREATE TRIGGER figures_case_delete BEFORE DELETE ON "Case" FOR EACH ROW EXECUTE FUNCTION figures_on_case();

CREATE FUNCTION figures_on_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(r.n))
  FROM (
    SELECT o.metric, o.day, o.key, -o.n AS n FROM "Case" c, figures_case_rows(c, OLD."gender"::text, OLD."citizenship") o
    WHERE c."personId" = OLD."id" AND (o.metric LIKE '%:byGender' OR o.metric LIKE '%:byCitizenship')
    UNION ALL
    SELECT o.metric, o.day, o.key, o.n FROM "Case" c, figures_case_rows(c, NEW."gender"::text, NEW."citizenship") o
    WHERE c."personId" = NEW."id" AND (o.metric LIKE '%:byGender' OR o.metric LIKE '%:byCitizenship')
  ) r;
  RETURN NEW;
END $$;
CREATE TRIGGER figures_person_update AFTER UPDATE ON "Person" FOR EACH ROW
  WHEN ((OLD."gender", OLD."citizenship", OLD."id") IS DISTINCT FROM (NEW."gender", NEW."citizenship", NEW."id"))
  EXECUTE FUNCTION figures_on_person();

-- A row of these belongs to a case; when the case itself is being deleted (cascade) it is gone
-- already and its whole contribution was taken back by figures_on_case.
CREATE FUNCTION figures_on_exploitation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(r.n))
  FROM (
    SELECT o.metric, o.day, o.key, -o.n AS n FROM "Case" c, figures_exploitation_rows(c, OLD."type"::text) o
    WHERE TG_OP IN ('UPDATE', 'DELETE') AND c."id" = OLD."caseId"
    UNION ALL
    SELECT o.metric, o.day, o.key, o.n FROM "Case" c, figures_exploitation_rows(c, NEW."type"::text) o
    WHERE TG_OP IN ('INSERT', 'UPDATE') AND c."id" = NEW."caseId"
  ) r;
  RETURN NULL;
END $$;
CREATE TRIGGER figures_exploitation AFTER INSERT OR UPDATE OR DELETE ON "CaseExploitation" FOR EACH ROW EXECUTE FUNCTION figures_on_exploitation();

-- Phases and interviews count per case, from all of the case's rows: statement triggers with the
-- changed rows, so a statement writing several rows of one case is counted once. The rows before
-- the statement are the rows now, less the new ones, plus the old ones.
CREATE FUNCTION figures_phase_delta(old_state "CasePhaseChange"[], new_state "CasePhaseChange"[], case_ids uuid[])
RETURNS void LANGUAGE sql AS $$
  SELECT figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(r.n))
  FROM (
    SELECT o.metric, o.day, o.key, -o.n AS n FROM "Case" c,
      figures_phase_rows(c, ARRAY(SELECT h FROM unnest(old_state) h WHERE h."caseId" = c."id")) o
    WHERE c."id" = ANY (case_ids)
    UNION ALL
    SELECT o.metric, o.day, o.key, o.n FROM "Case" c,
      figures_phase_rows(c, ARRAY(SELECT h FROM unnest(new_state) h WHERE h."caseId" = c."id")) o
    WHERE c."id" = ANY (case_ids)
  ) r
$$;

CREATE FUNCTION figures_on_phase_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
  changed uuid[];
  now_rows "CasePhaseChange"[];
  before_rows "CasePhaseChange"[];
  old_arr "CasePhaseChange"[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT n."caseId"), array_agg(n."id") INTO ids, changed FROM new_rows n;
    SELECT array_agg(h) INTO now_rows FROM "CasePhaseChange" h WHERE h."caseId" = ANY (ids);
    SELECT array_agg(h) INTO before_rows FROM unnest(now_rows) h WHERE NOT (h."id" = ANY (changed));
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT o."caseId") INTO ids FROM old_rows o;
    SELECT array_agg(h) INTO now_rows FROM "CasePhaseChange" h WHERE h."caseId" = ANY (ids);
    SELECT array_agg(o) INTO old_arr FROM old_rows o;
    before_rows := array_cat(now_rows, old_arr);
  ELSE
    SELECT array_agg(DISTINCT x) INTO ids FROM (SELECT "caseId" FROM new_rows UNION SELECT "caseId" FROM old_rows) AS t(x);
    SELECT array_agg(n."id") INTO changed FROM new_rows n;
    SELECT array_agg(h) INTO now_rows FROM "CasePhaseChange" h WHERE h."caseId" = ANY (ids);
    SELECT array_agg(o) INTO old_arr FROM old_rows o;
    SELECT array_agg(h) INTO before_rows FROM unnest(now_rows) h WHERE NOT (h."id" = ANY (changed));
    before_rows := array_cat(before_rows, old_arr);
  END IF;
  PERFORM figures_phase_delta(before_rows, now_rows, ids);
  RETURN NULL;
END $$;
CREATE TRIGGER figures_phase_insert AFTER INSERT ON "CasePhaseChange" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_phase_change();
CREATE TRIGGER figures_phase_update AFTER UPDATE ON "CasePhaseChange" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_phase_change();
CREATE TRIGGER figures_phase_delete AFTER DELETE ON "CasePhaseChange" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_phase_change();

CREATE FUNCTION figures_interview_delta(old_state "Interview"[], new_state "Interview"[], case_ids uuid[])
RETURNS void LANGUAGE sql AS $$
  SELECT figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(r.n))
  FROM (
    SELECT o.metric, o.day, o.key, -o.n AS n FROM unnest(case_ids) AS a(case_id),
      figures_interview_rows(ARRAY(SELECT i."heldOn" FROM unnest(old_state) i WHERE i."caseId" = a.case_id)) o
    UNION ALL
    SELECT o.metric, o.day, o.key, o.n FROM unnest(case_ids) AS a(case_id),
      figures_interview_rows(ARRAY(SELECT i."heldOn" FROM unnest(new_state) i WHERE i."caseId" = a.case_id)) o
  ) r
$$;

CREATE FUNCTION figures_on_interview() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
  changed uuid[];
  now_rows "Interview"[];
  before_rows "Interview"[];
  old_arr "Interview"[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT n."caseId"), array_agg(n."id") INTO ids, changed FROM new_rows n;
    SELECT array_agg(i) INTO now_rows FROM "Interview" i WHERE i."caseId" = ANY (ids);
    SELECT array_agg(i) INTO before_rows FROM unnest(now_rows) i WHERE NOT (i."id" = ANY (changed));
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT o."caseId") INTO ids FROM old_rows o;
    SELECT array_agg(i) INTO now_rows FROM "Interview" i WHERE i."caseId" = ANY (ids);
    SELECT array_agg(o) INTO old_arr FROM old_rows o;
    before_rows := array_cat(now_rows, old_arr);
  ELSE
    SELECT array_agg(DISTINCT x) INTO ids FROM (SELECT "caseId" FROM new_rows UNION SELECT "caseId" FROM old_rows) AS t(x);
    SELECT array_agg(n."id") INTO changed FROM new_rows n;
    SELECT array_agg(i) INTO now_rows FROM "Interview" i WHERE i."caseId" = ANY (ids);
    SELECT array_agg(o) INTO old_arr FROM old_rows o;
    SELECT array_agg(i) INTO before_rows FROM unnest(now_rows) i WHERE NOT (i."id" = ANY (changed));
    before_rows := array_cat(before_rows, old_arr);
  END IF;
  PERFORM figures_interview_delta(before_rows, now_rows, ids);
  RETURN NULL;
END $$;
CREATE TRIGGER figures_interview_insert AFTER INSERT ON "Interview" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_interview();
CREATE TRIGGER figures_interview_update AFTER UPDATE ON "Interview" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_interview();
CREATE TRIGGER figures_interview_delete AFTER DELETE ON "Interview" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_on_interview();

CREATE FUNCTION figures_on_outing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(r.n))
  FROM (
    SELECT o.metric, o.day, o.key, -o.n AS n FROM figures_event_rows('outings', OLD."heldOn", OLD."contacts", 'contacts') o WHERE TG_OP <> 'INSERT'
    UNION ALL SELECT 'accompaniments', OLD."heldOn", '', -OLD."accompaniments" WHERE TG_OP <> 'INSERT'
    UNION ALL
    SELECT o.* FROM figures_event_rows('outings', NEW."heldOn", NEW."contacts", 'contacts') o WHERE TG_OP <> 'DELETE'
    UNION ALL SELECT 'accompaniments', NEW."heldOn", '', NEW."accompaniments" WHERE TG_OP <> 'DELETE'
  ) r;
  RETURN NULL;
END $$;
CREATE TRIGGER figures_outing AFTER INSERT OR UPDATE OR DELETE ON "OutreachOuting" FOR EACH ROW EXECUTE FUNCTION figures_on_outing();

CREATE FUNCTION figures_legal_metric(kind "LegalEventKind") RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE kind WHEN 'PERMIT_REQUESTED' THEN 'permitsRequested' WHEN 'PERMIT_GRANTED' THEN 'permitsGranted' END
$$;
CREATE FUNCTION figures_on_legal_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(r.n))
  FROM (
    SELECT o.metric, o.day, o.key, -o.n AS n FROM figures_event_rows(figures_legal_metric(OLD."kind"), OLD."occurredOn", 0, NULL) o WHERE TG_OP <> 'INSERT'
    UNION ALL
    SELECT o.* FROM figures_event_rows(figures_legal_metric(NEW."kind"), NEW."occurredOn", 0, NULL) o WHERE TG_OP <> 'DELETE'
  ) r;
  RETURN NULL;
END $$;
CREATE TRIGGER figures_legal_event AFTER INSERT OR UPDATE OR DELETE ON "LegalEvent" FOR EACH ROW EXECUTE FUNCTION figures_on_legal_event();

CREATE FUNCTION figures_on_service() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(r.n))
  FROM (
    SELECT o.metric, o.day, o.key, -o.n AS n
    FROM figures_event_rows(CASE WHEN OLD."kind" = 'JOB_PLACEMENT' THEN 'jobPlacements' END, OLD."deliveredOn", 0, NULL) o WHERE TG_OP <> 'INSERT'
    UNION ALL
    SELECT o.* FROM figures_event_rows(CASE WHEN NEW."kind" = 'JOB_PLACEMENT' THEN 'jobPlacements' END, NEW."deliveredOn", 0, NULL) o WHERE TG_OP <> 'DELETE'
  ) r;
  RETURN NULL;
END $$;
CREATE TRIGGER figures_service AFTER INSERT OR UPDATE OR DELETE ON "ServiceDelivery" FOR EACH ROW EXECUTE FUNCTION figures_on_service();

CREATE FUNCTION figures_on_training() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(r.n))
  FROM (
    SELECT o.metric, o.day, o.key, -o.n AS n FROM figures_event_rows('trainingEvents', OLD."heldOn", OLD."participants", 'trainingParticipants') o WHERE TG_OP <> 'INSERT'
    UNION ALL
    SELECT o.* FROM figures_event_rows('trainingEvents', NEW."heldOn", NEW."participants", 'trainingParticipants') o WHERE TG_OP <> 'DELETE'
  ) r;
  RETURN NULL;
END $$;
CREATE TRIGGER figures_training AFTER INSERT OR UPDATE OR DELETE ON "TrainingEvent" FOR EACH ROW EXECUTE FUNCTION figures_on_training();

CREATE FUNCTION figures_place_key(place_id uuid) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT figures_capacity_key(pl."active", pl."target"::text, s."active", s."type"::text)
  FROM "Place" pl JOIN "Structure" s ON s."id" = pl."structureId" WHERE pl."id" = place_id
$$;

CREATE FUNCTION figures_on_placement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(r.n))
  FROM (
    SELECT o.metric, o.day, o.key, -o.n AS n FROM figures_placement_rows(figures_place_key(OLD."placeId"), OLD) o WHERE TG_OP <> 'INSERT'
    UNION ALL
    SELECT o.* FROM figures_placement_rows(figures_place_key(NEW."placeId"), NEW) o WHERE TG_OP <> 'DELETE'
  ) r;
  RETURN NULL;
END $$;
CREATE TRIGGER figures_placement AFTER INSERT OR UPDATE OR DELETE ON "Placement" FOR EACH ROW EXECUTE FUNCTION figures_on_placement();

CREATE FUNCTION figures_on_place() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(r.n))
  FROM (
    SELECT o.metric, o.day, o.key, -o.n AS n FROM "Structure" s,
      figures_place_rows(figures_capacity_key(OLD."active", OLD."target"::text, s."active", s."type"::text), OLD."id") o
    WHERE TG_OP <> 'INSERT' AND s."id" = OLD."structureId"
    UNION ALL
    SELECT o.* FROM "Structure" s,
      figures_place_rows(figures_capacity_key(NEW."active", NEW."target"::text, s."active", s."type"::text), NEW."id") o
    WHERE TG_OP <> 'DELETE' AND s."id" = NEW."structureId"
  ) r;
  RETURN NULL;
END $$;
CREATE TRIGGER figures_place_insert AFTER INSERT OR DELETE ON "Place" FOR EACH ROW EXECUTE FUNCTION figures_on_place();
CREATE TRIGGER figures_place_update AFTER UPDATE ON "Place" FOR EACH ROW
  WHEN ((OLD."active", OLD."target", OLD."structureId") IS DISTINCT FROM (NEW."active", NEW."target", NEW."structureId"))
  EXECUTE FUNCTION figures_on_place();

CREATE FUNCTION figures_on_structure() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM figures_apply(array_agg(r.metric), array_agg(r.day), array_agg(r.key), array_agg(r.n))
  FROM (
    SELECT o.metric, o.day, o.key, -o.n AS n FROM "Place" pl,
      figures_place_rows(figures_capacity_key(pl."active", pl."target"::text, OLD."active", OLD."type"::text), pl."id") o
    WHERE pl."structureId" = OLD."id"
    UNION ALL
    SELECT o.* FROM "Place" pl,
      figures_place_rows(figures_capacity_key(pl."active", pl."target"::text, NEW."active", NEW."type"::text), pl."id") o
    WHERE pl."structureId" = NEW."id"
  ) r;
  RETURN NULL;
END $$;
CREATE TRIGGER figures_structure_update AFTER UPDATE ON "Structure" FOR EACH ROW
  WHEN ((OLD."active", OLD."type") IS DISTINCT FROM (NEW."active", NEW."type"))
  EXECUTE FUNCTION figures_on_structure();

-- Existing rows.
SELECT figures_rebuild();
