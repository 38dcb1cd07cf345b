// Reads an iCalendar feed with ical.js and prints its events as JSON, so
// the Go tests check what a calendar application would see: uid,
// sequence, status, summary, start and end (with isDate for all-day
// values, the zone, and the instant in UTC), the CONFERENCE link and
// the alarms' triggers.
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
    status: v.getFirstPropertyValue("status") || "",
    summary: e.summary,
    start: e.startDate.toString(),
    end: e.endDate.toString(),
    startUTC: e.startDate.toJSDate().toISOString(),
    isDate: e.startDate.isDate,
    zone: e.startDate.zone ? e.startDate.zone.tzid : "",
    conference: v.getFirstPropertyValue("conference") || "",
    alarms: v.getAllSubcomponents("valarm").map((a) => a.getFirstPropertyValue("trigger").toString()),
  };
});
process.stdout.write(JSON.stringify({ method: comp.getFirstPropertyValue("method") || "", events: out }));
