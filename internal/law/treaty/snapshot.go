package treaty

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// SourcePrefix starts the Source of every record read from a snapshot
// folder: "untc-snapshot:treaties/5-2.csv:12:3" (file:row:column).
const SourcePrefix = "untc-snapshot:"

// Resolver maps a participant name as printed by the UNTC to an ISO 3166-1
// alpha-3 code. It returns the cleaned name (footnote markers removed) too.
type Resolver func(name string) (alpha3, clean string, ok bool)

// Options tune LoadSnapshotWith.
type Options struct {
	// Resolve maps participant names to codes; nil means GeoResolver.
	Resolve Resolver
	// NoEffectiveDates leaves every EffectiveDate zero instead of applying
	// the entry-into-force rules of EntryIntoForceRules.
	NoEffectiveDates bool
}

// Snapshot is a loaded UNTC status snapshot folder.
type Snapshot struct {
	// Instruments are all treaties of index.csv, in file order.
	Instruments []Instrument
	// Treaties holds the treaties that have a status table or a
	// declarations file, by snapshot key ("5-2").
	Treaties map[string]*Treaty
}

// Treaty is one instrument's status table and declarations.
type Treaty struct {
	Instrument Instrument
	// File is the status table, relative to the snapshot folder.
	File string
	// Columns are the status table's header cells.
	Columns []string
	// AsOf is the vintage of the status table (MANIFEST.csv
	// last_commit_date), zero when unknown.
	AsOf         time.Time
	Actions      []Action
	Declarations []Declaration
}

// Treaty finds a treaty by any form ParseChapterID accepts.
func (s *Snapshot) Treaty(id string) (*Treaty, error) {
	cid, err := ParseChapterID(id)
	if err != nil {
		return nil, err
	}
	t, ok := s.Treaties[cid.Key()]
	if !ok {
		return nil, fmt.Errorf("treaty %s (%s) is not in the snapshot", cid.UNTC(), cid.Key())
	}
	return t, nil
}

// Instrument finds an index entry by any form ParseChapterID accepts.
func (s *Snapshot) Instrument(id string) (Instrument, bool) {
	cid, err := ParseChapterID(id)
	if err != nil {
		return Instrument{}, false
	}
	k := cid.Key()
	for _, in := range s.Instruments {
		if in.Key == k {
			return in, true
		}
	}
	return Instrument{}, false
}

// LoadSnapshot reads a UNTC status snapshot folder: index.csv (required),
// treaties/*.csv, declarations/*.txt and MANIFEST.csv (optional). Participant
// names are resolved with GeoResolver and effective dates are filled in where
// EntryIntoForceRules knows the treaty. Errors are *InputError values naming
// the file, row and column.
func LoadSnapshot(dir string) (*Snapshot, error) {
	return LoadSnapshotWith(dir, Options{})
}

// LoadSnapshotWith is LoadSnapshot with options.
func LoadSnapshotWith(dir string, opt Options) (*Snapshot, error) {
	if opt.Resolve == nil {
		opt.Resolve = GeoResolver
	}
	s := &Snapshot{Treaties: map[string]*Treaty{}}
	idx, err := readIndex(dir)
	if err != nil {
		return nil, err
	}
	s.Instruments = idx
	byKey := make(map[string]Instrument, len(idx))
	for _, in := range idx {
		byKey[in.Key] = in
	}
	asOf, err := readManifest(dir)
	if err != nil {
		return nil, err
	}
	get := func(rel, key string) (*Treaty, error) {
		if t, ok := s.Treaties[key]; ok {
			return t, nil
		}
		in, ok := byKey[key]
		if !ok {
			return nil, &InputError{File: rel, Err: fmt.Errorf("no index.csv entry for treaty key %q", key)}
		}
		t := &Treaty{Instrument: in}
		s.Treaties[key] = t
		return t, nil
	}

	// eachFile parses, in name order, each sub/*ext file against the
	// treaty its base name keys.
	eachFile := func(sub, ext string, parse func(f *os.File, rel string, t *Treaty) error) error {
		files, err := filepath.Glob(filepath.Join(dir, sub, "*"+ext))
		if err != nil {
			return err
		}
		sort.Strings(files)
		for _, p := range files {
			rel := path.Join(sub, filepath.Base(p))
			t, err := get(rel, strings.TrimSuffix(filepath.Base(p), ext))
			if err != nil {
				return err
			}
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			err = parse(f, rel, t)
			f.Close()
			if err != nil {
				return err
			}
		}
		return nil
	}

	err = eachFile("treaties", ".csv", func(f *os.File, rel string, t *Treaty) error {
		cols, acts, err := parseStatusTable(f, rel, t.Instrument.ID, opt.Resolve)
		if err != nil {
			return err
		}
		t.File, t.Columns, t.Actions, t.AsOf = rel, cols, acts, asOf[rel]
		if !opt.NoEffectiveDates {
			ApplyEffectiveDates(t.Instrument.ID, t.Actions)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachFile("declarations", ".txt", func(f *os.File, rel string, t *Treaty) error {
		ds, err := ParseDeclarations(f, rel, t.Instrument.ID, opt.Resolve)
		if err != nil {
			return err
		}
		t.Declarations = ds
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

var indexColumns = []string{"chapter_no", "treaty_no", "treaty_name", "url", "chapter_url", "chapter_name"}

func readIndex(dir string) ([]Instrument, error) {
	const rel = "index.csv"
	f, err := os.Open(filepath.Join(dir, rel))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return nil, csvError(rel, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimPrefix(strings.TrimSpace(h), "\ufeff")] = i
	}
	for _, want := range indexColumns[:3] {
		if _, ok := col[want]; !ok {
			return nil, &InputError{File: rel, Row: 1, Err: fmt.Errorf("missing column %q", want)}
		}
	}
	field := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	var out []Instrument
	seen := map[string]int{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(rel, err)
		}
		row, _ := r.FieldPos(0)
		chRaw := field(rec, "chapter_no")
		ch, err := strconv.Atoi(chRaw)
		if err != nil || ch < 1 || ch > maxChapter {
			return nil, &InputError{File: rel, Row: row, Column: col["chapter_no"] + 1, Header: "chapter_no", Value: chRaw, Err: errors.New("bad chapter number")}
		}
		tn := field(rec, "treaty_no")
		cid, err := ParseChapterID(chRaw + "-" + tn)
		if err != nil {
			return nil, &InputError{File: rel, Row: row, Column: col["treaty_no"] + 1, Header: "treaty_no", Value: tn, Err: err}
		}
		in := Instrument{
			Key: cid.Key(), ChapterNo: ch, TreatyNo: tn,
			Name: field(rec, "treaty_name"), URL: field(rec, "url"), ChapterName: field(rec, "chapter_name"),
		}
		in.ID = cid.UNTC()
		// The index URL carries the UN's own number (mtdsg_no=XI-A-1);
		// prefer it when it agrees with the chapter/treaty numbers.
		if u, err := url.Parse(in.URL); err == nil {
			if m := u.Query().Get("mtdsg_no"); m != "" {
				if mid, err := ParseChapterID(m); err == nil && mid.Key() == in.Key {
					in.ID = mid.UNTC()
				}
			}
		}
		if prev, dup := seen[in.Key]; dup {
			return nil, &InputError{File: rel, Row: row, Err: fmt.Errorf("treaty %s listed twice (first at row %d)", in.Key, prev)}
		}
		seen[in.Key] = row
		out = append(out, in)
	}
	return out, nil
}

func readManifest(dir string) (map[string]time.Time, error) {
	const rel = "MANIFEST.csv"
	out := map[string]time.Time{}
	f, err := os.Open(filepath.Join(dir, rel))
	if errors.Is(err, os.ErrNotExist) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	recs, err := r.ReadAll()
	if err != nil {
		return nil, csvError(rel, err)
	}
	for i, rec := range recs {
		if i == 0 || len(rec) < 2 {
			continue
		}
		t, err := ParseISODate(rec[1])
		if err != nil {
			return nil, &InputError{File: rel, Row: i + 1, Column: 2, Header: "last_commit_date", Value: rec[1], Err: err}
		}
		out[rec[0]] = t
	}
	return out, nil
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		col := pe.Column
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			col = 0 // the whole row is wrong
		}
		return &InputError{File: file, Row: pe.Line, Column: col, Err: pe.Err}
	}
	return &InputError{File: file, Err: err}
}

// column describes one action column of a status table.
type column struct {
	header string
	kinds  map[string]Kind // suffix -> kind
}

var labelKinds = map[string]Kind{
	"signature":               Signature,
	"succession to signature": SuccessionToSignature,
	"ratification":            Ratification,
	"accession":               Accession,
	"succession":              Succession,
	"acceptance":              Acceptance,
	"approval":                Approval,
	"formal confirmation":     FormalConfirmation,
	"definitive signature":    DefinitiveSignature,
}

var labelRE = regexp.MustCompile(`^(.*?)\s*(?:\(\s*([A-Za-z]+)\s*\))?$`)

// parseColumnHeader reads a header such as
// "Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)":
// each label names a kind and the suffix that marks it (no suffix for the
// first kind without one).
func parseColumnHeader(h string) (column, error) {
	c := column{header: h, kinds: map[string]Kind{}}
	for _, lab := range strings.Split(h, ",") {
		lab = strings.TrimSpace(lab)
		m := labelRE.FindStringSubmatch(lab)
		if m == nil || m[1] == "" {
			return c, fmt.Errorf("cannot read action label %q", lab)
		}
		k, ok := labelKinds[strings.ToLower(strings.Join(strings.Fields(m[1]), " "))]
		if !ok {
			return c, fmt.Errorf("unknown action label %q", lab)
		}
		suf := m[2]
		if _, known := Suffixes[suf]; !known {
			return c, fmt.Errorf("label %q: %w %q", lab, ErrUnknownSuffix, suf)
		}
		if prev, dup := c.kinds[suf]; dup {
			return c, fmt.Errorf("suffix %q used for both %s and %s", suf, prev, k)
		}
		c.kinds[suf] = k
	}
	return c, nil
}

// parseStatusTable reads one UNTC status table:
// "Participant, <action column>, ...".
func parseStatusTable(rd io.Reader, rel, treatyID string, resolve Resolver) ([]string, []Action, error) {
	r := csv.NewReader(rd)
	header, err := r.Read()
	if err != nil {
		return nil, nil, csvError(rel, err)
	}
	r.FieldsPerRecord = len(header)
	if len(header) < 2 || !strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(header[0], "\ufeff")), "Participant") {
		return nil, nil, &InputError{File: rel, Row: 1, Column: 1, Value: header[0], Err: errors.New(`first column must be "Participant" followed by action columns`)}
	}
	cols := make([]column, len(header))
	for i := 1; i < len(header); i++ {
		c, err := parseColumnHeader(header[i])
		if err != nil {
			return nil, nil, &InputError{File: rel, Row: 1, Column: i + 1, Value: header[i], Err: err}
		}
		cols[i] = c
	}
	var acts []Action
	seen := map[string]int{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, csvError(rel, err)
		}
		row, _ := r.FieldPos(0)
		name := strings.TrimSpace(rec[0])
		code, clean, ok := resolve(name)
		if !ok {
			return nil, nil, &InputError{File: rel, Row: row, Column: 1, Header: header[0], Value: name, Err: errors.New("unknown State name")}
		}
		if prev, dup := seen[code]; dup {
			return nil, nil, &InputError{File: rel, Row: row, Column: 1, Header: header[0], Value: name, Err: fmt.Errorf("duplicate State %s, already listed at row %d", code, prev)}
		}
		seen[code] = row
		for i := 1; i < len(rec); i++ {
			v := strings.TrimSpace(rec[i])
			if v == "" {
				continue
			}
			ierr := func(err error) error {
				return &InputError{File: rel, Row: row, Column: i + 1, Header: header[i], Value: v, Err: err}
			}
			d, suf, err := ParseUNTCDate(v)
			if err != nil {
				return nil, nil, ierr(err)
			}
			k, ok := cols[i].kinds[suf]
			if !ok {
				return nil, nil, ierr(fmt.Errorf("suffix %q is not one the column header declares", suf))
			}
			acts = append(acts, Action{
				Treaty: treatyID, State: code, StateName: clean, Kind: k, ActionDate: d,
				Source: fmt.Sprintf("%s%s:%d:%d", SourcePrefix, rel, row, i+1),
			})
		}
	}
	return header, acts, nil
}

// StatusOn is StatusOn(t.Actions, on).
func (t *Treaty) StatusOn(on time.Time) []StateStatus { return StatusOn(t.Actions, on) }
