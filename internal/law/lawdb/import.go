package lawdb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/geo"
	"corridor/internal/law/akn"
	"corridor/internal/law/lawtext"
	"corridor/internal/law/treaty"
)

// Summary counts what an import wrote.
type Summary struct {
	Instruments, Versions, Provisions, Actions, Statements, Relationships, PolicyChanges int
	// Statuses from a second source (hr-status-2022).
	Statuses int
}

func (s Summary) String() string {
	if s.Statuses > 0 {
		return fmt.Sprintf("%d instruments created, %d statuses from a second source", s.Instruments, s.Statuses)
	}
	return fmt.Sprintf("%d instruments, %d versions, %d provisions, %d treaty actions, %d reservations/declarations, %d relationships, %d policy changes",
		s.Instruments, s.Versions, s.Provisions, s.Actions, s.Statements, s.Relationships, s.PolicyChanges)
}

var untcDate = regexp.MustCompile(`(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December),? (\d{4})`)

// adoptionDate reads the last "28 July 1951" of a UNTC treaty name.
func adoptionDate(name string) string {
	m := untcDate.FindAllStringSubmatch(name, -1)
	if len(m) == 0 {
		return ""
	}
	last := m[len(m)-1]
	t, err := time.Parse("2 January 2006", last[1]+" "+last[2]+" "+last[3])
	if err != nil {
		return ""
	}
	return t.Format(time.DateOnly)
}

// instrumentType guesses the type from a title.
func instrumentType(title string) string {
	l := strings.ToLower(title)
	switch {
	case strings.HasPrefix(l, "protocol") || strings.HasPrefix(l, "optional protocol") || strings.Contains(l, " protocol "):
		return "protocol"
	case strings.Contains(l, "convention") || strings.Contains(l, "covenant"):
		return "convention"
	case strings.Contains(l, "agreement"):
		return "agreement"
	case strings.Contains(l, "declaration"):
		return "declaration"
	case strings.Contains(l, "resolution"):
		return "resolution"
	}
	return "other"
}

// untcTopics maps MTDSG chapters (and a few treaties) to topics.
func untcTopics(cid treaty.ChapterID) []string {
	key := cid.Key()
	switch {
	case strings.HasPrefix(key, "18-12-a"), strings.HasPrefix(key, "18-12-b"):
		return []string{"trafficking-smuggling"}
	case key == "4-13":
		return []string{"human-rights", "labour-migration"}
	case cid.Chapter == 4:
		return []string{"human-rights"}
	case cid.Chapter == 5:
		return []string{"refugees-statelessness"}
	case cid.Chapter == 18:
		return []string{"penal-matters"}
	case cid.Chapter == 3:
		return []string{"consular"}
	}
	return []string{"general"}
}

// knownRelations are relationships between UN instruments the snapshot
// does not state: from, kind, to (UNTC identifiers).
var knownRelations = [][3]string{
	{"V-5", "protocol-to", "V-2"},
	{"XVIII-12-a", "supplements", "XVIII-12"},
	{"XVIII-12-b", "supplements", "XVIII-12"},
	{"XVIII-12-c", "supplements", "XVIII-12"},
	{"IV-5", "protocol-to", "IV-4"},
	{"IV-12", "protocol-to", "IV-4"},
	{"IV-8-b", "protocol-to", "IV-8"},
	{"IV-9-b", "protocol-to", "IV-9"},
	{"IV-11-b", "protocol-to", "IV-11"},
	{"IV-11-c", "protocol-to", "IV-11"},
	{"IV-11-d", "protocol-to", "IV-11"},
	{"IV-15-a", "protocol-to", "IV-15"},
	{"IV-3-a", "protocol-to", "IV-3"},
}

func untcInstrument(in treaty.Instrument) *Instrument {
	cid, _ := treaty.ParseChapterID(in.ID)
	return &Instrument{
		Slug: in.ID, Title: in.Name, Level: "international", Type: instrumentType(in.Name),
		Jurisdiction: "UN", IssuingBody: "United Nations", AdoptedOn: adoptionDate(in.Name),
		Topics: untcTopics(cid), URL: in.URL,
		Identifiers: []Identifier{{"untc", in.ID}, {"untc-key", in.Key}},
	}
}

// ImportSnapshot imports a UNTC status snapshot folder: every treaty with a
// status table or declarations becomes an instrument (name from index.csv)
// with its actions and statements, replacing those of an earlier snapshot
// import. All or nothing.
func (s *Store) ImportSnapshot(ctx context.Context, dir string) (_ Summary, err error) {
	defer wrapErr(&err, "import untc-snapshot")
	snap, err := treaty.LoadSnapshot(dir)
	if err != nil {
		return Summary{}, err
	}
	var sum Summary
	keys := make([]string, 0, len(snap.Treaties))
	for k := range snap.Treaties {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		for _, k := range keys {
			t := snap.Treaties[k]
			in := untcInstrument(t.Instrument)
			id, err := upsertInstrument(ctx, tx, in)
			if err != nil {
				return err
			}
			sum.Instruments++
			oldActs, oldStmts, err := snapshotKeys(ctx, tx, id)
			if err != nil {
				return err
			}
			links, err := manualLinks(ctx, tx, id, treaty.SourcePrefix)
			if err != nil {
				return err
			}
			objections, err := manualObjections(ctx, tx, id, treaty.SourcePrefix)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM law_treaty_actions WHERE instrument_id = $1 AND source LIKE 'untc-snapshot:%'`, id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM law_statements WHERE instrument_id = $1 AND source LIKE 'untc-snapshot:%'`, id); err != nil {
				return err
			}
			var newActs, newStmts []actionKey
			for _, a := range t.Actions {
				if err := insertAction(ctx, tx, id, a); err != nil {
					return err
				}
				sum.Actions++
				if k := keyOfAction(a); !oldActs[k] {
					newActs = append(newActs, k)
				}
			}
			for _, d := range t.Declarations {
				if err := insertStatement(ctx, tx, id, d); err != nil {
					return err
				}
				sum.Statements++
				if k := keyOfStatement(d); !oldStmts[k] {
					newStmts = append(newStmts, k)
				}
			}
			if err := restoreLinks(ctx, tx, id, links); err != nil {
				return err
			}
			if err := setStatusSource(ctx, tx, id, untcSource, t.AsOf); err != nil {
				return err
			}
			if err := restoreObjections(ctx, tx, id, treaty.SourcePrefix, objections); err != nil {
				return err
			}
			if err := linkImportedStatements(ctx, tx, id, treaty.SourcePrefix); err != nil {
				return err
			}
			if err := actionEvent(ctx, tx, id, newActs); err != nil {
				return err
			}
			if err := statementEvent(ctx, tx, id, newStmts); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, "law.import", "law_instrument", in.Slug, nil,
				map[string]any{"format": "untc-snapshot", "actions": len(t.Actions), "statements": len(t.Declarations)}); err != nil {
				return err
			}
		}
		n, err := linkKnownRelations(ctx, tx)
		sum.Relationships = n
		return err
	})
	return sum, err
}

func linkKnownRelations(ctx context.Context, q db.Querier) (int, error) {
	n := 0
	for _, r := range knownRelations {
		from, err1 := findID(ctx, q, r[0])
		to, err2 := findID(ctx, q, r[2])
		if err1 != nil || err2 != nil {
			continue
		}
		if err := addRelation(ctx, q, from, to, r[1], "", ""); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func addRelation(ctx context.Context, q db.Querier, from, to int64, kind, fromEID, toEID string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO law_relationships (from_id, to_id, kind, from_eid, to_eid) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (from_id, to_id, kind, from_eid, to_eid) DO NOTHING`, from, to, kind, fromEID, toEID)
	return err
}

// dateStr is treaty.FormatISODate: YYYY-MM-DD, or "" for the zero time.
func dateStr(t time.Time) string { return treaty.FormatISODate(t) }

func insertAction(ctx context.Context, q db.Querier, instrumentID int64, a treaty.Action) error {
	_, err := q.ExecContext(ctx, `INSERT INTO law_treaty_actions (instrument_id, state, state_name, kind, action_date, effective_date, source, notes, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		instrumentID, a.State, a.StateName, string(a.Kind), dateStr(a.ActionDate), dateStr(a.EffectiveDate), a.Source, a.Notes, db.Now())
	if err != nil {
		return fmt.Errorf("lawdb: treaty action %s %s: %w", a.State, a.Kind, err)
	}
	return nil
}

func insertStatement(ctx context.Context, q db.Querier, instrumentID int64, d treaty.Reservation) error {
	_, err := q.ExecContext(ctx, `INSERT INTO law_statements (instrument_id, state, state_name, kind, text, articles, made_on, withdrawn_on, source)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		instrumentID, d.State, d.StateName, string(d.Kind), d.Text, strings.Join(d.Articles, ","), dateStr(d.Date), dateStr(d.WithdrawnOn), d.Source)
	if err != nil {
		return fmt.Errorf("lawdb: statement %s: %w", d.State, err)
	}
	return nil
}

func keyOfAction(a treaty.Action) actionKey {
	return actionKey{State: a.State, Kind: string(a.Kind), Date: dateStr(a.ActionDate)}
}

func keyOfStatement(d treaty.Reservation) actionKey {
	return actionKey{State: d.State, Kind: string(d.Kind), Date: dateStr(d.Date), Text: d.Text}
}

// snapshotKeys returns the keys of the actions and statements an earlier
// snapshot import stored for an instrument, so a re-import only reports
// what is new.
func snapshotKeys(ctx context.Context, q db.Querier, id int64) (map[actionKey]bool, map[actionKey]bool, error) {
	acts, stmts := map[actionKey]bool{}, map[actionKey]bool{}
	rows, err := q.QueryContext(ctx, `SELECT state, kind, action_date FROM law_treaty_actions WHERE instrument_id = $1 AND source LIKE 'untc-snapshot:%'`, id)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var k actionKey
		if err := rows.Scan(&k.State, &k.Kind, &k.Date); err != nil {
			rows.Close()
			return nil, nil, err
		}
		acts[k] = true
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT state, kind, made_on, text FROM law_statements WHERE instrument_id = $1 AND source LIKE 'untc-snapshot:%'`, id)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k actionKey
		if err := rows.Scan(&k.State, &k.Kind, &k.Date, &k.Text); err != nil {
			return nil, nil, err
		}
		stmts[k] = true
	}
	return acts, stmts, rows.Err()
}

// ImportActionsCSV imports treaty actions in Corridor's CSV format (see
// docs/law.md); every treaty must be a known instrument. All or nothing.
func (s *Store) ImportActionsCSV(ctx context.Context, r io.Reader, name string) (_ Summary, err error) {
	defer wrapErr(&err, "import actions-csv")
	actions, err := treaty.ReadActionsCSV(r, name)
	if err != nil {
		return Summary{}, err
	}
	var sum Summary
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		added := map[int64][]actionKey{}
		var order []int64
		for i, a := range actions {
			id, err := findID(ctx, tx, a.Treaty)
			if err != nil {
				return fmt.Errorf("%s: row %d: %w", name, i+2, err)
			}
			if err := checkImportedAction(ctx, tx, id, a, name, i+2); err != nil {
				return err
			}
			if a.Source == "" {
				a.Source = fmt.Sprintf("actions-csv:%s:%d", filepath.Base(name), i+2)
			}
			if err := insertAction(ctx, tx, id, a); err != nil {
				return err
			}
			sum.Actions++
			if _, ok := added[id]; !ok {
				order = append(order, id)
			}
			added[id] = append(added[id], keyOfAction(a))
		}
		for _, id := range order {
			if err := actionEvent(ctx, tx, id, added[id]); err != nil {
				return err
			}
			// new actions (a re-accession) may tell better which action
			// an imported statement was made at
			if err := relinkImportedStatements(ctx, tx, id, added[id]); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "law.import", "law_treaty_actions", filepath.Base(name), nil, map[string]any{"format": "actions-csv", "actions": sum.Actions})
	})
	return sum, err
}

// isOrganizationCode tells a participant code that is not a State's, such
// as the European Union's EUU (FORMAT.md §1), which the snapshot importer
// stores and the actions export writes.
func isOrganizationCode(code string) bool {
	for _, c := range treaty.OrganizationCodes {
		if c == code {
			return true
		}
	}
	return false
}

// checkImportedAction refuses an action of a State internal/geo does not
// know, one dated before the instrument's adoption or in the future, and an
// effective date before the action: the error names the file, row, column
// and value.
func checkImportedAction(ctx context.Context, q db.Querier, instrumentID int64, a treaty.Action, name string, row int) error {
	bad := func(col, value, msg string) error {
		return &treaty.InputError{File: name, Row: row, Value: value, Err: errors.New("column " + col + ": " + msg)}
	}
	if _, ok := geo.ByCode(a.State); !ok && !isOrganizationCode(a.State) {
		return bad("state", a.State, "unknown State (not an ISO 3166 alpha-3 code known to Corridor)")
	}
	var adopted string
	if err := q.QueryRowContext(ctx, `SELECT adopted_on FROM law_instruments WHERE id = $1`, instrumentID).Scan(&adopted); err != nil {
		return err
	}
	ad := dateStr(a.ActionDate)
	switch {
	case adopted != "" && ad < adopted:
		return bad("action_date", ad, "before the adoption of "+a.Treaty+" ("+adopted+")")
	case ad > time.Now().UTC().Format(time.DateOnly):
		return bad("action_date", ad, "in the future")
	case !a.EffectiveDate.IsZero() && a.EffectiveDate.Before(a.ActionDate):
		return bad("effective_date", dateStr(a.EffectiveDate), "before the action date "+ad)
	}
	return nil
}

// bwbTreaties maps the treaty texts of the Dutch register to instruments.
var bwbTreaties = map[string]Instrument{
	"BWBV0001007": {Slug: "V-5", Identifiers: []Identifier{{"untc", "V-5"}, {"untc-key", "5-5"}}, Type: "protocol", AdoptedOn: "1967-01-31", Topics: []string{"refugees-statelessness"}},
	"BWBV0001003": {Slug: "V-3", Identifiers: []Identifier{{"untc", "V-3"}, {"untc-key", "5-3"}}, Type: "convention", AdoptedOn: "1954-09-28", Topics: []string{"refugees-statelessness"}},
	"BWBV0001749": {Slug: "XVIII-12-a", Identifiers: []Identifier{{"untc", "XVIII-12-a"}, {"untc-key", "18-12-a"}}, Type: "protocol", AdoptedOn: "2000-11-15", Topics: []string{"trafficking-smuggling"}},
	"BWBV0001750": {Slug: "XVIII-12-b", Identifiers: []Identifier{{"untc", "XVIII-12-b"}, {"untc-key", "18-12-b"}}, Type: "protocol", AdoptedOn: "2000-11-15", Topics: []string{"trafficking-smuggling"}},
	"BWBV0005528": {Slug: "C097", Identifiers: []Identifier{{"ilo", "C097"}, {"ilo", "C97"}}, Type: "convention", AdoptedOn: "1949-07-01", Topics: []string{"labour-migration"}, IssuingBody: "International Labour Organization", Jurisdiction: "ILO"},
}

var bwbTopics = map[string][]string{
	"BWBR0011823": {"immigration", "asylum"},
	"BWBR0003738": {"nationality"},
	"BWBR0007149": {"labour-migration"},
}

var amendsAliensAct = regexp.MustCompile(`(?i)wijziging van de Vreemdelingenwet 2000`)

// ImportBWB imports a folder of Dutch BWB Markdown texts (VERSIONS.csv): each
// act becomes an instrument with one dated version per file, and amending
// acts are linked to the Aliens Act 2000. All or nothing.
func (s *Store) ImportBWB(ctx context.Context, dir string) (_ Summary, err error) {
	defer wrapErr(&err, "import nl-bwb-md")
	acts, err := lawtext.LoadVersions(dir)
	if err != nil {
		return Summary{}, err
	}
	ids := make([]string, 0, len(acts))
	for id := range acts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	type parsed struct {
		v   lawtext.Version
		doc *lawtext.Document
	}
	docs := map[string][]parsed{}
	for _, id := range ids {
		for _, v := range acts[id] {
			meta := lawtext.MarkdownMeta{}
			if id == "BWBV0005528" {
				meta.Country = "aa-ilo"
			}
			doc, err := lawtext.LoadMarkdownVersion(v, meta)
			if err != nil {
				return Summary{}, err
			}
			docs[id] = append(docs[id], parsed{v, doc})
		}
	}
	var sum Summary
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		for _, id := range ids {
			vs := docs[id]
			first := vs[0].v
			in := Instrument{Slug: id, Level: "national", Type: "act", Jurisdiction: "NLD", IssuingBody: "Staten-Generaal", Topics: []string{"immigration"}}
			if t, ok := bwbTreaties[id]; ok {
				in = t
				in.Level = "international"
				if in.Jurisdiction == "" {
					in.Jurisdiction, in.IssuingBody = "UN", "United Nations"
				}
			} else if t, ok := bwbTopics[id]; ok {
				in.Topics = t
			}
			in.Title = strings.TrimSpace(first.Title)
			if prev, err := findID(ctx, tx, in.Slug); err == nil {
				// keep an existing (UNTC) title and dates
				var title, adopted string
				if err := tx.QueryRowContext(ctx, `SELECT title, adopted_on FROM law_instruments WHERE id = $1`, prev).Scan(&title, &adopted); err == nil {
					in.Title = title
					if adopted != "" {
						in.AdoptedOn = adopted
					}
				}
			}
			in.Identifiers = append(in.Identifiers, Identifier{"bwb", id})
			if first.Kind == "national" || first.Kind == "amending" {
				in.Identifiers = append(in.Identifiers, Identifier{"eli", "https://wetten.overheid.nl/" + id})
			}
			iid, err := upsertInstrument(ctx, tx, &in)
			if err != nil {
				return err
			}
			sum.Instruments++
			for _, p := range vs {
				date := p.v.Date
				if date == "" {
					date = in.AdoptedOn
				}
				if date == "" {
					date = "1900-01-01"
				}
				src := "bwb:" + id
				if p.v.SourceCommit != "" {
					src += "@" + p.v.SourceCommit
				}
				raw, err := os.ReadFile(p.v.File)
				if err != nil {
					return err
				}
				if _, err := saveVersion(ctx, tx, iid, p.doc, "", date, src, "markdown", raw); err != nil {
					return err
				}
				sum.Versions++
				sum.Provisions += countNodes(p.doc.Body)
			}
			if first.Kind == "amending" && amendsAliensAct.MatchString(first.Title) {
				if to, err := findID(ctx, tx, "BWBR0011823"); err == nil {
					if err := addRelation(ctx, tx, iid, to, "amends", "", ""); err != nil {
						return err
					}
					sum.Relationships++
				}
			}
			if err := audit.Record(ctx, tx, "law.import", "law_instrument", in.Slug, nil, map[string]any{"format": "nl-bwb-md", "versions": len(vs)}); err != nil {
				return err
			}
		}
		n, err := linkKnownRelations(ctx, tx)
		sum.Relationships += n
		return err
	})
	return sum, err
}

func countNodes(ns []*lawtext.Node) int {
	n := 0
	lawtext.WalkNodes(ns, func(*lawtext.Node, []*lawtext.Node) bool { n++; return true })
	return n
}

// ImportAKN imports one Akoma Ntoso document as a version of the
// instrument its MTDSG alias or FRBR work names; the original bytes are
// kept for a lossless export. All or nothing.
func (s *Store) ImportAKN(ctx context.Context, r io.Reader, name string) (_ Summary, err error) {
	defer wrapErr(&err, "import akn")
	doc, raw, err := akn.Import(r)
	if err != nil {
		return Summary{}, err
	}
	in := Instrument{Title: doc.Title, Level: "international", Type: instrumentType(doc.Title), AdoptedOn: doc.Date, Topics: []string{"general"}}
	if doc.Name != "" && contains(Types, doc.Name) {
		in.Type = doc.Name
	}
	if doc.Country != "" && !strings.HasPrefix(doc.Country, "aa-") {
		in.Level, in.Jurisdiction = "national", strings.ToUpper(doc.Country)
	}
	for _, a := range doc.Aliases {
		switch strings.ToUpper(a.Name) {
		case "MTDSG", "UNTC":
			if cid, err := treaty.ParseChapterID(a.Value); err == nil {
				in.Slug = cid.UNTC()
				in.Identifiers = append(in.Identifiers, Identifier{"untc", cid.UNTC()}, Identifier{"untc-key", cid.Key()})
				cidTopics := untcTopics(cid)
				in.Topics = cidTopics
				in.Jurisdiction, in.IssuingBody = "UN", "United Nations"
			}
		case "UNTS":
			in.Identifiers = append(in.Identifiers, Identifier{"unts", a.Value})
		case "ELI":
			in.Identifiers = append(in.Identifiers, Identifier{"eli", a.Value})
		}
	}
	if doc.Work.URI != "" {
		in.Identifiers = append(in.Identifiers, Identifier{"akn", doc.Work.URI})
	}
	if in.Slug == "" {
		in.Slug = doc.Number
		if in.Slug == "" {
			in.Slug = strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
		}
	}
	if in.Title == "" {
		in.Title = in.Slug
	}
	date := doc.Expression.Date
	if date == "" {
		date = doc.Date
	}
	var sum Summary
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		if prev, err := findID(ctx, tx, in.Slug); err == nil {
			var title, adopted, topics string
			if err := tx.QueryRowContext(ctx, `SELECT title, adopted_on, topics FROM law_instruments WHERE id = $1`, prev).Scan(&title, &adopted, &topics); err == nil {
				in.Title = title
				if adopted != "" {
					in.AdoptedOn = adopted
				}
			}
		}
		id, err := upsertInstrument(ctx, tx, &in)
		if err != nil {
			return err
		}
		if _, err := saveVersion(ctx, tx, id, doc, doc.Language.Code, date, "akn:"+filepath.Base(name), "akn", raw); err != nil {
			return err
		}
		sum = Summary{Instruments: 1, Versions: 1, Provisions: countNodes(doc.Body)}
		n, err := linkKnownRelations(ctx, tx)
		sum.Relationships = n
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "law.import", "law_instrument", in.Slug, nil, map[string]any{"format": "akn", "file": filepath.Base(name)})
	})
	return sum, err
}

// openTreatyIDs maps open-treaties file keys to UNTC identifiers.
var openTreatyIDs = map[string]string{
	"refugee": "V-2", "iccpr": "IV-4", "icescr": "IV-3", "crc": "IV-11", "cat": "IV-9",
	"cedaw": "IV-8", "icerd": "IV-2", "vccr": "III-6", "vclt": "XXIII-1",
}

// ImportOpenTreaties imports the English texts of an open-treaties folder
// (DIR/data/*.json or DIR/*.json) as versions dated at adoption. All or
// nothing.
func (s *Store) ImportOpenTreaties(ctx context.Context, dir string) (_ Summary, err error) {
	defer wrapErr(&err, "import open-treaties")
	files, _ := filepath.Glob(filepath.Join(dir, "data", "*.json"))
	if len(files) == 0 {
		files, _ = filepath.Glob(filepath.Join(dir, "*.json"))
	}
	if len(files) == 0 {
		return Summary{}, fmt.Errorf("no open-treaties JSON files in %s", dir)
	}
	sort.Strings(files)
	type item struct {
		key string
		doc *lawtext.Document
		raw []byte
	}
	var items []item
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return Summary{}, err
		}
		key := strings.TrimSuffix(filepath.Base(f), ".json")
		doc, err := lawtext.ParseOpenTreaty(strings.NewReader(string(raw)), lawtext.OpenTreatyOptions{Key: key, FixGlued: true})
		if err != nil {
			return Summary{}, fmt.Errorf("%s: %w", filepath.Base(f), err)
		}
		items = append(items, item{key, doc, raw})
	}
	var sum Summary
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		for _, it := range items {
			in := Instrument{Slug: it.key, Title: it.doc.Title, Level: "international", Type: instrumentType(it.doc.Title),
				Jurisdiction: "UN", IssuingBody: "United Nations", AdoptedOn: it.doc.Date, Topics: []string{"human-rights"},
				Identifiers: []Identifier{{"open-treaties", it.key}}}
			if u, ok := openTreatyIDs[it.key]; ok {
				cid, _ := treaty.ParseChapterID(u)
				in.Slug = cid.UNTC()
				in.Topics = untcTopics(cid)
				in.Identifiers = append(in.Identifiers, Identifier{"untc", cid.UNTC()}, Identifier{"untc-key", cid.Key()})
			}
			if prev, err := findID(ctx, tx, in.Slug); err == nil {
				var title string
				if err := tx.QueryRowContext(ctx, `SELECT title FROM law_instruments WHERE id = $1`, prev).Scan(&title); err == nil {
					in.Title = title
				}
			}
			id, err := upsertInstrument(ctx, tx, &in)
			if err != nil {
				return err
			}
			date := it.doc.Date
			if date == "" {
				date = "1900-01-01"
			}
			if _, err := saveVersion(ctx, tx, id, it.doc, "en", date, "open-treaties:"+it.key, "open-treaties", it.raw); err != nil {
				return err
			}
			sum.Instruments++
			sum.Versions++
			sum.Provisions += countNodes(it.doc.Body)
			if err := audit.Record(ctx, tx, "law.import", "law_instrument", in.Slug, nil, map[string]any{"format": "open-treaties", "key": it.key}); err != nil {
				return err
			}
		}
		n, err := linkKnownRelations(ctx, tx)
		sum.Relationships = n
		return err
	})
	return sum, err
}
