// Package treaty models participation in multilateral treaties as dated
// events (signature, ratification, accession, succession, denunciation, ...)
// and computes each State's status on any date, in the manner of the UN
// Treaty Collection (UNTC) "Status of Multilateral Treaties Deposited with the
// Secretary-General" (MTDSG).
//
// The package is pure Go and keeps no storage. It offers:
//
//   - the event types Action, Reservation (alias Declaration) and Instrument;
//   - LoadSnapshot, an importer for the UNTC status snapshot folder
//     (index.csv, treaties/*.csv, declarations/*.txt);
//   - ReadActionsCSV / WriteActionsCSV for Corridor's own action CSV format
//     (documented in FORMAT.md beside this file);
//   - StatusOn, which derives party / signatory / withdrawn status on a date;
//   - ParseChapterID, which reads "V-2", "5-2", "XVIII-12-a", "18-12-a", ...
//
// Status rules, effective dates and the limits of the snapshot are documented
// in FORMAT.md.
package treaty
