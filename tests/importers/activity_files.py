"""Calendar and mail exports shaped as Outlook, Google Calendar and mail clients
write them, for the activity import tests and the benchmark. Each builder says
what it holds and how many interactions it must give (counted by hand)."""

from __future__ import annotations

import zipfile
from datetime import date
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from graph.model import Account, AccountBundle, Relationship, Stakeholder, TeamMember

ACCOUNT = "acme"
SINCE = date(2026, 1, 1)
UNTIL = date(2026, 11, 29)

REP = "rep1@ours.example"
PRESALES = "Presales.Two@Ours.Example"
LI = "li.wei@client.example"
ZHANG_OLD = "zhang@client-group.example"
ZHANG = "zhang.min@client.example"
WANG = "wang.fang@client.example"
"""At the client, on nobody's card: a candidate."""
CHEN = "chen@client.example"
"""At the client, on nobody's card: a candidate."""
OPTED_OUT = "private.person@client.example"
OPTED_OUT_DOMAIN = "lawyers.example"
OPT_OUT_LIST = f"# people who asked not to be recorded\n{OPTED_OUT}\n@{OPTED_OUT_DOMAIN}\n"


def account() -> Account:
    return Account(id=ACCOUNT, name="Acme")


def people() -> AccountBundle:
    """Two team members, three stakeholders (Zhang with two addresses), one
    entered relationship (rep-1 ↔ li, strength 2, last contact in 2025)."""
    return AccountBundle(
        account_id=ACCOUNT,
        stakeholders=(
            Stakeholder(account_id=ACCOUNT, id="li", name="Li Wei", email=LI.upper()),
            Stakeholder(
                account_id=ACCOUNT, id="zhang", name="Zhang Min", email=f"{ZHANG}; {ZHANG_OLD}"
            ),
            Stakeholder(account_id=ACCOUNT, id="sun", name="Sun Hao", email="sun@client.example"),
        ),
        members=(
            TeamMember(account_id=ACCOUNT, id="rep-1", name="Rep One", email=REP),
            TeamMember(account_id=ACCOUNT, id="pre-2", name="Presales Two", email=PRESALES),
        ),
        relationships=(
            Relationship(
                account_id=ACCOUNT,
                member="rep-1",
                stakeholder="li",
                strength=2,
                last_contact=date(2025, 12, 1),
            ),
        ),
    )


OUTLOOK_ICS = f"""BEGIN:VCALENDAR
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN
VERSION:2.0
METHOD:PUBLISH
BEGIN:VTIMEZONE
TZID:China Standard Time
BEGIN:STANDARD
DTSTART:16010101T000000
TZOFFSETFROM:+0800
TZOFFSETTO:+0800
END:STANDARD
END:VTIMEZONE
BEGIN:VTIMEZONE
TZID:Eastern Standard Time
BEGIN:STANDARD
DTSTART:16011104T020000
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010311T020000
RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:040000008200E00074C5B7101A82E00800000000A1
SUMMARY:Kick-off with Li and Wang
DTSTART;TZID=China Standard Time:20261005T100000
DTEND;TZID=China Standard Time:20261005T110000
ORGANIZER;CN="Rep One":mailto:{REP}
ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN="Li Wei":mailto:{LI}
ATTENDEE;ROLE=OPT-PARTICIPANT;CN="Wang Fang":mailto:{WANG}
END:VEVENT
BEGIN:VEVENT
UID:040000008200E00074C5B7101A82E00800000000B2
SUMMARY:Weekly steering
DTSTART;TZID=China Standard Time:20260907T090000
DTEND;TZID=China Standard Time:20260907T100000
RRULE:FREQ=WEEKLY;COUNT=6;BYDAY=MO
EXDATE;TZID=China Standard Time:20260921T090000
ORGANIZER;CN="Rep One":mailto:{REP}
ATTENDEE;CN="Presales Two":mailto:{PRESALES}
ATTENDEE;CN="Zhang Min":mailto:{ZHANG_OLD}
END:VEVENT
BEGIN:VEVENT
UID:040000008200E00074C5B7101A82E00800000000C3
SUMMARY:Internal prep
DTSTART;TZID=China Standard Time:20261006T150000
DTEND;TZID=China Standard Time:20261006T160000
ORGANIZER;CN="Rep One":mailto:{REP}
ATTENDEE;CN="Presales Two":mailto:{PRESALES}
END:VEVENT
BEGIN:VEVENT
UID:040000008200E00074C5B7101A82E00800000000D4
SUMMARY:Evening call from New York
DTSTART;TZID=Eastern Standard Time:20261006T210000
DTEND;TZID=Eastern Standard Time:20261006T220000
ORGANIZER;CN="Li Wei":mailto:{LI}
ATTENDEE;CN="Rep One":mailto:{REP}
END:VEVENT
BEGIN:VEVENT
UID:040000008200E00074C5B7101A82E00800000000E5
SUMMARY:Cancelled review
STATUS:CANCELLED
DTSTART;TZID=China Standard Time:20261008T090000
DTEND;TZID=China Standard Time:20261008T100000
ORGANIZER;CN="Rep One":mailto:{REP}
ATTENDEE;CN="Li Wei":mailto:{LI}
END:VEVENT
END:VCALENDAR
""".replace("\n", "\r\n")
"""Outlook's "Save calendar": Windows time-zone names with VTIMEZONE blocks.

- kick-off 2026-10-05 (rep-1, li; Wang is a candidate): 1 interaction
- weekly steering, Mondays from 2026-09-07, 6 times, 2026-09-21 excepted: 5
  occurrences × 2 team members (rep-1, pre-2) with zhang (old address) = 10
- internal prep: skipped (internal)
- evening call 21:00 New York on 2026-10-06 (01:00 UTC on 10-07): 1, dated 10-06
- cancelled review: skipped (cancelled)
Total 12 interactions; 5 + 1 + 1 + 1 + 1 = 9 items read.
"""
OUTLOOK_ICS_INTERACTIONS = 12

GOOGLE_ICS = f"""BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
CALSCALE:GREGORIAN
METHOD:PUBLISH
X-WR-CALNAME:{REP}
X-WR-TIMEZONE:Asia/Shanghai
BEGIN:VEVENT
DTSTART;VALUE=DATE:20261012
DTEND;VALUE=DATE:20261014
SUMMARY:Site visit (two days)
UID:allday-visit@google.com
ORGANIZER;CN=Rep One:mailto:{REP}
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Sun Hao:mailto:sun@client.example
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=DECLINED;CN=Li Wei:mailto:{LI}
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=Asia/Shanghai:20261001T140000
DTEND;TZID=Asia/Shanghai:20261001T150000
RRULE:FREQ=WEEKLY;WKST=MO;UNTIL=20261029T060000Z;BYDAY=TH
EXDATE;TZID=Asia/Shanghai:20261008T140000
SUMMARY:Thursday check-in
UID:thursday-checkin@google.com
ORGANIZER;CN=Presales Two:mailto:{PRESALES.lower()}
ATTENDEE;CN=Li Wei;PARTSTAT=ACCEPTED:mailto:{LI}
ATTENDEE;CN=Chen:mailto:{CHEN}
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=Asia/Shanghai:20261016T100000
DTEND;TZID=Asia/Shanghai:20261016T110000
RECURRENCE-ID;TZID=Asia/Shanghai:20261015T140000
SUMMARY:Thursday check-in (moved to Friday)
UID:thursday-checkin@google.com
ORGANIZER;CN=Presales Two:mailto:{PRESALES.lower()}
ATTENDEE;CN=Li Wei;PARTSTAT=ACCEPTED:mailto:{LI}
ATTENDEE;CN=Chen:mailto:{CHEN}
END:VEVENT
BEGIN:VEVENT
DTSTART:20251001T020000Z
DTEND:20251001T030000Z
SUMMARY:Old meeting before the window
UID:old@google.com
ORGANIZER;CN=Rep One:mailto:{REP}
ATTENDEE;CN=Li Wei:mailto:{LI}
END:VEVENT
END:VCALENDAR
""".replace("\n", "\r\n")
"""Google Calendar's export: IANA time zones, X-WR-TIMEZONE.

- two-day site visit from 2026-10-12, all day (rep-1, sun; Li declined): 1
- Thursday check-in from 2026-10-01 until 10-29: 10-01, 10-08 (excepted), 10-15
  moved to Friday 10-16, 10-22, 10-29 = 4 occurrences (pre-2 with li; Chen a
  candidate): 4
- a meeting in 2025: outside the window (since 2026-01-01)
Total 5 interactions.
"""
GOOGLE_ICS_INTERACTIONS = 5

OUTLOOK_CSV = (
    '"Subject","Start Date","Start Time","End Date","End Time","All day event",'
    '"Reminder on/off","Reminder Date","Reminder Time","Meeting Organizer",'
    '"Required Attendees","Optional Attendees","Meeting Resources","Billing Information",'
    '"Categories","Description","Location","Mileage","Priority","Private","Sensitivity",'
    '"Show time as"\r\n'
    '"Budget review","10/9/2026","2:00:00 PM","10/9/2026","3:00:00 PM","False","True",'
    '"10/9/2026","1:45:00 PM","Rep One","Li Wei;Zhang Min","",,,,"","Room 3",,"Normal",'
    '"False","Normal","2"\r\n'
    '"Dinner","10/10/2026","7:00:00 PM","10/10/2026","9:00:00 PM","False","False",'
    '"10/10/2026","6:45:00 PM","Rep One","sun@client.example;wang.fang@client.example","",,,,'
    '"","",,"Normal","False","Normal","2"\r\n'
    '"Team lunch","10/11/2026","12:00:00 PM","10/11/2026","1:00:00 PM","False","False",'
    '"","","Rep One","Presales Two","",,,,"","",,"Normal","False","Normal","2"\r\n'
)
"""Outlook's CSV export (US English, month first); attendees by name or address.

- budget review 2026-10-09: rep-1 (organiser, by name) with li and zhang (names): 1
- dinner 2026-10-10: rep-1 with sun (address); Wang a candidate: 1
- team lunch: internal, skipped
Total 2 interactions.
"""
OUTLOOK_CSV_INTERACTIONS = 2


def _message(
    sender: str,
    to: list[str],
    *,
    cc: list[str] = (),  # type: ignore[assignment]
    day: int,
    subject: str = "Proposal",
    message_id: str | None = None,
    reply_to: str | None = None,
    dated: bool = True,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(to)
    if cc:
        message["Cc"] = ", ".join(cc)
    if dated:
        from datetime import datetime, timedelta, timezone

        message["Date"] = format_datetime(
            datetime(2026, 10, day, 9, 30, tzinfo=timezone(timedelta(hours=8)))
        )
    message["Subject"] = subject
    message["Message-ID"] = message_id or make_msgid(domain="mail.example")
    if reply_to:
        message["In-Reply-To"] = reply_to
        message["References"] = reply_to
    message.set_content("The body: budget figures that must never be read.\n\nFrom the body\n")
    return message


BODY_SECRET = "budget figures that must never be read"


def mail_messages() -> list[EmailMessage]:
    """A thread with replies and Cc, and the cases around it.

    1. rep-1 → Li, Cc Zhang (new address): 1 (rep-1 wrote)
    2. Li → rep-1, Cc pre-2 (reply): 2 (rep-1 and pre-2, Li wrote)
    3. rep-1 → pre-2: internal, skipped
    4. newsletter → rep-1: no client person, skipped
    5. Chen (unknown, client) → rep-1, Cc Li: 1; Chen a candidate
    6. a person who opted out → rep-1, Li: 1, without them (subject dropped)
    7. the same message as 1 (a copy in Sent): duplicate, skipped
    8. a lawyer at an opted-out domain → rep-1, Cc Zhang: 1, without them
    9. no Date: skipped as undated
    Total 6 interactions.
    """
    first = _message(
        f"Rep One <{REP}>", [f"Li Wei <{LI}>"], cc=[ZHANG], day=1, message_id="<m1@ours.example>"
    )
    return [
        first,
        _message(
            f'"Li Wei" <{LI}>',
            [REP],
            cc=[f"Presales Two <{PRESALES}>"],
            day=2,
            subject="Re: Proposal",
            message_id="<m2@client.example>",
            reply_to="<m1@ours.example>",
        ),
        _message(REP, [PRESALES], day=3, subject="internal"),
        _message("news@vendor.example", [REP], day=3, subject="Newsletter"),
        _message(f"陈晨 <{CHEN}>", [REP], cc=[LI], day=4, subject="Intro 介绍"),
        _message(f"Private <{OPTED_OUT}>", [REP, LI], day=5, subject="Private matter"),
        first,
        _message(f"Counsel <counsel@{OPTED_OUT_DOMAIN}>", [REP], cc=[ZHANG], day=6),
        _message(REP, [LI], day=7, dated=False),
    ]


MBOX_INTERACTIONS = 6


def write_mbox(path: Path, messages: list[EmailMessage]) -> Path:
    with path.open("wb") as stream:
        for message in messages:
            stream.write(b"From MAILER-DAEMON Thu Oct  1 09:30:00 2026\n")
            data = message.as_bytes().replace(b"\r\n", b"\n").replace(b"\nFrom ", b"\n>From ")
            stream.write(data)
            if not data.endswith(b"\n"):
                stream.write(b"\n")
            stream.write(b"\n")
    return path


def eml_messages() -> list[EmailMessage]:
    """1. Zhang → pre-2: 1 (Zhang wrote); 2. pre-2 → Zhang, Sun: 1; 3. Sun → rep-1
    and pre-2: 2. Total 4 interactions."""
    return [
        _message(ZHANG, [PRESALES], day=11, message_id="<e1@client.example>"),
        _message(PRESALES, [ZHANG, "sun@client.example"], day=12, message_id="<e2@ours>"),
        _message("sun@client.example", [REP, PRESALES], day=13, message_id="<e3@client>"),
    ]


EML_ZIP_INTERACTIONS = 4


def write_eml_zip(path: Path, messages: list[EmailMessage]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, message in enumerate(messages, start=1):
            archive.writestr(f"Inbox/{number:03d}.eml", message.as_bytes())
        archive.writestr("Inbox/readme.txt", "not a message")
    return path
