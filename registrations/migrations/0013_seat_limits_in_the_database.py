"""Seats and sponsored seats held by the database itself (PostgreSQL), for code that forgets the
services' lock or their check: a row that takes a seat past a limit is refused.

- registrations_registration: a row entering a seat status (confirmed, attended, no_show)
  past the workshop's capacity, or past its delegation's cap.
- registrations_sponsorship: a row entering a seat status (approved ... no_show) past the
  workshop's sponsored seats, or past the workshop's sponsored delegates per state (its
  SponsorshipSettings, 1 without them).

Each trigger first locks the workshop's row (FOR NO KEY UPDATE: it waits for the services'
FOR UPDATE and for another trigger, but not for a foreign key check's KEY SHARE), then counts.
Under READ COMMITTED each statement of a PL/pgSQL function takes a new snapshot, so the count
taken after the lock sees every seat committed by whoever held it. Without the lock two
transactions count the same seats and both insert (tests/registrations/
test_overbooking_repeated.py shows it). The refusal is a check_violation naming the limit
(CONSTRAINT below), which registrations.services turn into their usual message.

SQLite (the embedded default) gets no trigger: see docs/architecture.md, "Rules the data
keeps".
"""

from django.db import migrations

# The statement the concurrency tests remove to show that a count without it overbooks.
LOCK_WORKSHOP = "PERFORM 1 FROM workshops_workshop WHERE id = NEW.workshop_id FOR NO KEY UPDATE;"

REGISTRATION_FUNCTION = """
CREATE OR REPLACE FUNCTION registrations_registration_seat_limits() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seats CONSTANT text[] := ARRAY['confirmed', 'attended', 'no_show'];
    most integer;
    taken integer;
BEGIN
    IF NOT (NEW.status = ANY (seats)) THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status = ANY (seats) AND OLD.workshop_id = NEW.workshop_id
       AND OLD.delegation_id IS NOT DISTINCT FROM NEW.delegation_id THEN
        RETURN NEW;  -- it held this seat already (attendance recorded, a field corrected)
    END IF;
    -- lock --
    SELECT capacity INTO most FROM workshops_workshop WHERE id = NEW.workshop_id;
    SELECT count(*) INTO taken FROM registrations_registration
        WHERE workshop_id = NEW.workshop_id AND status = ANY (seats) AND id IS DISTINCT FROM NEW.id;
    IF taken >= most THEN
        RAISE EXCEPTION 'Workshop % has % seats, all taken.', NEW.workshop_id, most
            USING ERRCODE = 'check_violation', CONSTRAINT = 'registration_seats_within_capacity',
                  TABLE = 'registrations_registration';
    END IF;
    IF NEW.delegation_id IS NOT NULL THEN
        SELECT cap INTO most FROM registrations_delegation WHERE id = NEW.delegation_id;
        IF most IS NOT NULL THEN
            SELECT count(*) INTO taken FROM registrations_registration
                WHERE delegation_id = NEW.delegation_id AND status = ANY (seats)
                  AND id IS DISTINCT FROM NEW.id;
            IF taken >= most THEN
                RAISE EXCEPTION 'Delegation % has a cap of % seats, all taken.',
                    NEW.delegation_id, most
                    USING ERRCODE = 'check_violation',
                          CONSTRAINT = 'registration_seats_within_state_cap',
                          TABLE = 'registrations_registration';
            END IF;
        END IF;
    END IF;
    RETURN NEW;
END
$$;
"""

SPONSORSHIP_FUNCTION = """
CREATE OR REPLACE FUNCTION registrations_sponsorship_seat_limits() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seats CONSTANT text[] := ARRAY['approved', 'ticket_issued', 'travelled', 'settled', 'no_show'];
    most integer;
    taken integer;
    state bigint;
BEGIN
    IF NOT (NEW.status = ANY (seats)) THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status = ANY (seats) AND OLD.workshop_id = NEW.workshop_id
       AND OLD.registration_id = NEW.registration_id THEN
        RETURN NEW;  -- it held this sponsored seat already (ticket, travel, settlement)
    END IF;
    -- lock --
    SELECT sponsored_seats INTO most FROM workshops_workshop WHERE id = NEW.workshop_id;
    SELECT count(*) INTO taken FROM registrations_sponsorship
        WHERE workshop_id = NEW.workshop_id AND status = ANY (seats) AND id IS DISTINCT FROM NEW.id;
    IF taken >= most THEN
        RAISE EXCEPTION 'Workshop % has % sponsored seats, all taken.', NEW.workshop_id, most
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'sponsorship_seats_within_sponsored_seats',
                  TABLE = 'registrations_sponsorship';
    END IF;
    SELECT p.member_state_id INTO state
        FROM registrations_registration r
        JOIN registrations_delegateprofile p ON p.id = r.delegate_id
        WHERE r.id = NEW.registration_id;
    IF state IS NOT NULL THEN
        SELECT COALESCE(
            (SELECT max_sponsored_per_state FROM registrations_sponsorshipsettings
              WHERE workshop_id = NEW.workshop_id), 1) INTO most;
        SELECT count(*) INTO taken
            FROM registrations_sponsorship s
            JOIN registrations_registration r ON r.id = s.registration_id
            JOIN registrations_delegateprofile p ON p.id = r.delegate_id
            WHERE s.workshop_id = NEW.workshop_id AND s.status = ANY (seats)
              AND p.member_state_id = state AND s.id IS DISTINCT FROM NEW.id;
        IF taken >= most THEN
            RAISE EXCEPTION 'Member state % has % sponsored delegates at workshop %, the most.',
                state, most, NEW.workshop_id
                USING ERRCODE = 'check_violation',
                      CONSTRAINT = 'sponsorship_per_state_within_max',
                      TABLE = 'registrations_sponsorship';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
"""

TRIGGERS = """
CREATE TRIGGER registration_seat_limits
    BEFORE INSERT OR UPDATE OF status, workshop_id, delegation_id ON registrations_registration
    FOR EACH ROW EXECUTE FUNCTION registrations_registration_seat_limits();
CREATE TRIGGER sponsorship_seat_limits
    BEFORE INSERT OR UPDATE OF status, workshop_id, registration_id ON registrations_sponsorship
    FOR EACH ROW EXECUTE FUNCTION registrations_sponsorship_seat_limits();
"""

FORWARD = (REGISTRATION_FUNCTION + SPONSORSHIP_FUNCTION).replace(
    "-- lock --", LOCK_WORKSHOP
) + TRIGGERS

REVERSE = """
DROP TRIGGER IF EXISTS registration_seat_limits ON registrations_registration;
DROP TRIGGER IF EXISTS sponsorship_seat_limits ON registrations_sponsorship;
DROP FUNCTION IF EXISTS registrations_registration_seat_limits();
DROP FUNCTION IF EXISTS registrations_sponsorship_seat_limits();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0012_sponsorship_registration_protected"),
    ]

    operations = [
        migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(REVERSE), elidable=False),
    ]
