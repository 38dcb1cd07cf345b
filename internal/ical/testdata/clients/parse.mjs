// Reads an iCalendar file with ical.js and prints its events as JSON:
// uid, sequence, summary, description, start and end (ISO strings, with
// isDate for all-day values and the zone), so the Go test compares them.
import fs from "node:fs";
import ICAL from "ical.js";

const text = fs.readFileSync(process.argv[2], "utf8");
const comp = new ICAL.Component(ICAL.parse(text));
for (const tz of comp.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(tz);
}
const out = comp.getAllSubcomponents("vevent").map((v) => {
  const e = new ICAL.Event(v);
  return {
    uid: e.uid,
    sequence: e.sequence,
    summary: e.summary,
    description: e.description,
    start: e.startDate.toString(),
    end: e.endDate.toString(),
    startUTC: e.startDate.toJSDate().toISOString(),
    isDate: e.startDate.isDate,
    zone: e.startDate.zone ? e.startDate.zone.tzid : "",
  };
});
process.stdout.write(JSON.stringify(out));
