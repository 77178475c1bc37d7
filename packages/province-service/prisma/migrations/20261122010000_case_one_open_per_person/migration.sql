-- Hand-written (Prisma cannot express partial indexes): a person has at most one OPEN case
-- (presa in carico) at a time. The cases module checks this rule inside its transaction; the
-- index makes it hold under concurrent requests too, and its name is what the module translates
-- into the `person-has-open-case` refusal.
CREATE UNIQUE INDEX "Case_one_open_per_person" ON "Case"("personId") WHERE "status" = 'OPEN';
