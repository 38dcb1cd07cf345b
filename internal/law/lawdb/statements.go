package lawdb

// Reservations, declarations and objections: entered by legal officers,
// each linked to the treaty action of its State it was made at (the
// signature or the ratification), to the provisions it touches (eIds checked
// against the instrument's stored texts) and, for an objection, to the
// reservation objected to. Imported statements are linked to their action
// when the text or UNTC's convention tells which (treaty.StatementAction).

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/geo"
	"corridor/internal/law/treaty"
)

// StatementKinds are the kinds of statements (law.stmt.* labels).
var StatementKinds = []string{string(treaty.KindReservation), string(treaty.KindDeclaration), string(treaty.KindObjection)}

// Statement is a stored reservation, declaration or objection.
type Statement struct {
	ID        int64  `json:"id"`
	State     string `json:"state"`
	StateName string `json:"state_name"`
	Kind      string `json:"kind"`
	Text      string `json:"text"`
	// Articles are the article numbers the text names, as written (import).
	Articles []string `json:"articles"`
	// EIDs are the provisions the statement touches: entered eIds, or the
	// eIds of Articles found in the instrument's texts (LinkProvisions).
	EIDs              []string `json:"eids"`
	MadeOn            string   `json:"made_on"`
	PartlyWithdrawnOn string   `json:"partly_withdrawn_on,omitempty"`
	WithdrawnEIDs     []string `json:"withdrawn_eids,omitempty"`
	WithdrawnOn       string   `json:"withdrawn_on,omitempty"`
	Source            string   `json:"source"`
	// The action it was made at (0 and "" when unknown).
	ActionID   int64  `json:"action_id,omitempty"`
	ActionKind string `json:"action,omitempty"`
	ActionDate string `json:"action_date,omitempty"`
	// For an objection: the statement objected to and its State.
	ObjectsTo      int64  `json:"objects_to,omitempty"`
	ObjectsToState string `json:"objects_to_state,omitempty"`
	// For a reservation: the States that objected to it.
	ObjectedBy []string `json:"objected_by,omitempty"`
	// Instrument is the slug (filled by StatementsOfState).
	Instrument string `json:"instrument,omitempty"`
}

// InEffectOn reports whether the statement stands on a date (YYYY-MM-DD):
// made on or before it (an undated one from the date of the action it was
// made at; one with neither date always) and not wholly withdrawn by then.
func (st Statement) InEffectOn(day string) bool {
	made := st.MadeOn
	if made == "" {
		made = st.ActionDate
	}
	return (made == "" || made <= day) && (st.WithdrawnOn == "" || st.WithdrawnOn > day)
}

// PartlyWithdrawnBy reports whether a partial withdrawal had taken effect on a date.
func (st Statement) PartlyWithdrawnBy(day string) bool {
	return st.PartlyWithdrawnOn != "" && st.PartlyWithdrawnOn <= day
}

const statementSelect = `SELECT s.id, s.state, s.state_name, s.kind, s.text, s.articles, s.eids, s.made_on, s.partly_withdrawn_on, s.withdrawn_eids,
		s.withdrawn_on, s.source, COALESCE(a.id, 0), COALESCE(a.kind, ''), COALESCE(a.action_date, ''), COALESCE(o.id, 0), COALESCE(o.state, ''), i.slug
	FROM law_statements s JOIN law_instruments i ON i.id = s.instrument_id
	LEFT JOIN law_treaty_actions a ON a.id = s.action_id
	LEFT JOIN law_statements o ON o.id = s.objects_to `

func (s *Store) queryStatements(ctx context.Context, q db.Querier, where string, args ...any) ([]Statement, error) {
	return queryList(ctx, q, func(rows *sql.Rows) (Statement, error) {
		var st Statement
		var arts, eids, weids string
		err := rows.Scan(&st.ID, &st.State, &st.StateName, &st.Kind, &st.Text, &arts, &eids, &st.MadeOn, &st.PartlyWithdrawnOn, &weids,
			&st.WithdrawnOn, &st.Source, &st.ActionID, &st.ActionKind, &st.ActionDate, &st.ObjectsTo, &st.ObjectsToState, &st.Instrument)
		st.Articles, st.EIDs, st.WithdrawnEIDs = splitOrdered(arts), splitOrdered(eids), splitOrdered(weids)
		return st, err
	}, statementSelect+where, args...)
}

// splitOrdered splits a comma list keeping its order (article lists are
// in order of mention).
func splitOrdered(s string) []string {
	out := []string{}
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Statements lists an instrument's statements by State, each with the
// States that objected to it and, for imported ones, the eIds of the
// articles it names that the instrument's texts have.
func (s *Store) Statements(ctx context.Context, instrumentID int64) (_ map[string][]Statement, err error) {
	defer wrapErr(&err, "statements of instrument %d", instrumentID)
	list, err := s.queryStatements(ctx, s.DB, `WHERE s.instrument_id = $1 ORDER BY s.state, s.made_on, s.id`, instrumentID)
	if err != nil {
		return nil, err
	}
	known, err := s.provisionEIDs(ctx, s.DB, instrumentID)
	if err != nil {
		return nil, err
	}
	objectors := map[int64][]string{}
	for _, st := range list {
		if st.ObjectsTo != 0 {
			objectors[st.ObjectsTo] = append(objectors[st.ObjectsTo], st.State)
		}
	}
	out := map[string][]Statement{}
	for _, st := range list {
		st.ObjectedBy = objectors[st.ID]
		LinkProvisions(&st, known)
		out[st.State] = append(out[st.State], st)
	}
	return out, nil
}

// StatementsOfState lists a State's statements on every instrument.
func (s *Store) StatementsOfState(ctx context.Context, state string) (_ []Statement, err error) {
	defer wrapErr(&err, "statements of %s", state)
	list, err := s.queryStatements(ctx, s.DB, `WHERE s.state = $1 ORDER BY i.slug, s.made_on, s.id`, state)
	if err != nil {
		return nil, err
	}
	known := map[string]map[string]bool{}
	for i := range list {
		slug := list[i].Instrument
		if known[slug] == nil {
			id, err := s.FindID(ctx, slug)
			if err != nil {
				return nil, err
			}
			if known[slug], err = s.provisionEIDs(ctx, s.DB, id); err != nil {
				return nil, err
			}
		}
		LinkProvisions(&list[i], known[slug])
	}
	return list, nil
}

// provisionEIDs is the set of provision eIds of an instrument's texts.
func (s *Store) provisionEIDs(ctx context.Context, q db.Querier, instrumentID int64) (map[string]bool, error) {
	list, err := queryList(ctx, q, func(rows *sql.Rows) (string, error) {
		var e string
		return e, rows.Scan(&e)
	}, `SELECT DISTINCT p.eid FROM law_provisions p JOIN law_versions v ON v.id = p.version_id WHERE v.instrument_id = $1`, instrumentID)
	set := map[string]bool{}
	for _, e := range list {
		set[e] = true
	}
	return set, err
}

// LinkProvisions gives a statement without eIds those of the articles it
// names ("17" → art_17, "IV" → art_iv… by lawtext.EIDNum) that are in known.
func LinkProvisions(st *Statement, known map[string]bool) {
	if len(st.EIDs) > 0 {
		return
	}
	for _, a := range st.Articles {
		if e := articleEID(a); known[e] {
			st.EIDs = append(st.EIDs, e)
		}
	}
}

// articleEID is the eId of an article number as written ("17", "IV").
func articleEID(num string) string {
	return "art_" + strings.ToLower(strings.TrimSpace(num))
}

// NewStatement is a reservation, declaration or objection entered by a
// legal officer. IDs are the form's strings.
type NewStatement struct {
	Instrument string
	State      string // alpha-3
	Kind       string // StatementKinds
	ActionID   string // the State's action it was made at
	// EIDs lists the provisions it touches (eIds, or article numbers
	// such as "17", read as art_17), separated by commas or spaces.
	EIDs              string
	Text              string
	MadeOn            string
	PartlyWithdrawnOn string
	WithdrawnEIDs     string
	WithdrawnOn       string
	ObjectsTo         string // id of the statement objected to (objections)
}

// stmtAction is a treaty action a statement may be linked to.
type stmtAction struct {
	State, Kind, Date string
}

// AddStatement validates and stores a statement (audit law.statement.create
// and a statement law event). A reservation or declaration must name an
// action of the same State on this instrument; an objection names the
// reservation or declaration of another State it objects to (and may name
// the objecting State's action). Every eId must be a provision of the
// instrument's stored texts (any well-formed eId when it has none); dates
// are YYYY-MM-DD, not before the instrument's adoption nor in the future, and
// withdrawals not before the statement. Any error is a field error and
// nothing is stored.
func (s *Store) AddStatement(ctx context.Context, in NewStatement) (_ int64, err error) {
	defer wrapErr(&err, "add statement to %s", in.Instrument)
	var newID int64
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		id, err := findID(ctx, tx, in.Instrument)
		if err != nil {
			return NotFound(err)
		}
		var adopted, slug string
		if err := tx.QueryRowContext(ctx, `SELECT adopted_on, slug FROM law_instruments WHERE id = $1`, id).Scan(&adopted, &slug); err != nil {
			return err
		}
		f, d := errs.Fields{}, FieldDetails{}
		state := strings.ToUpper(strings.TrimSpace(in.State))
		c, ok := geo.ByCode(state)
		if !ok || len(state) != 3 {
			f.Add("state", "law.error.unknown_state")
		}
		kind := strings.TrimSpace(in.Kind)
		if !contains(StatementKinds, kind) {
			f.Add("kind", "law.error.statement_kind")
		}
		// the action it was made at
		var act stmtAction
		var actionID any
		if v := strings.TrimSpace(in.ActionID); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err == nil {
				err = tx.QueryRowContext(ctx, `SELECT state, kind, action_date FROM law_treaty_actions WHERE id = $1 AND instrument_id = $2`, n, id).Scan(&act.State, &act.Kind, &act.Date)
			}
			switch {
			case err != nil && !errors.Is(err, sql.ErrNoRows) && !errors.Is(err, strconv.ErrSyntax) && !errors.Is(err, strconv.ErrRange):
				return err
			case err != nil:
				f.Add("action", "law.error.unknown_action")
			case f["state"] == "" && act.State != state:
				f.Add("action", "law.error.action_other_state")
			default:
				actionID = n
			}
		} else if kind != string(treaty.KindObjection) {
			f.Add("action", "law.error.action_required")
		}
		// provisions
		eids, bad, err := checkEIDs(ctx, tx, id, in.EIDs)
		if err != nil {
			return err
		}
		if bad != "" {
			f.Add("eids", "law.error.unknown_provision")
			d["eids"] = bad
		}
		text := strings.TrimSpace(in.Text)
		switch {
		case text == "":
			f.Add("text", "law.error.text_empty")
		case len(text) > 20000:
			f.Add("text", "law.error.too_long")
		}
		// dates
		date := dateChecker(f, adopted)
		made := date("made_on", in.MadeOn)
		if made == "" && f["made_on"] == "" {
			if act.Date == "" {
				f.Add("made_on", "law.error.date_required")
			}
			made = act.Date
		}
		w, err := checkWithdrawal(ctx, tx, id, f, d, date, made, eids, in.PartlyWithdrawnOn, in.WithdrawnEIDs, in.WithdrawnOn)
		if err != nil {
			return err
		}
		partly, weids, withdrawn := w.partly, w.eids, w.withdrawn
		// the statement objected to
		var objectsTo any
		var target struct{ State, Kind, MadeOn string }
		if v := strings.TrimSpace(in.ObjectsTo); kind == string(treaty.KindObjection) {
			n, err := strconv.ParseInt(v, 10, 64)
			if err == nil {
				err = tx.QueryRowContext(ctx, `SELECT s.state, s.kind, CASE WHEN s.made_on <> '' THEN s.made_on ELSE COALESCE(a.action_date, '') END
					FROM law_statements s LEFT JOIN law_treaty_actions a ON a.id = s.action_id WHERE s.id = $1 AND s.instrument_id = $2`, n, id).Scan(&target.State, &target.Kind, &target.MadeOn)
			}
			switch {
			case v == "":
				f.Add("objects_to", "law.error.objection_target_required")
			case err != nil && !errors.Is(err, sql.ErrNoRows) && !errors.Is(err, strconv.ErrSyntax) && !errors.Is(err, strconv.ErrRange):
				return err
			case err != nil || target.Kind == string(treaty.KindObjection):
				f.Add("objects_to", "law.error.unknown_reservation")
			case target.State == state:
				f.Add("objects_to", "law.error.objection_own")
			case made != "" && target.MadeOn != "" && made < target.MadeOn:
				f.Add("made_on", "law.error.objection_before_reservation")
			default:
				objectsTo = n
			}
		} else if v != "" {
			f.Add("objects_to", "law.error.objection_only")
		}
		if err := fieldErr(f, d); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO law_statements (instrument_id, state, state_name, kind, text, articles, eids, made_on, partly_withdrawn_on,
				withdrawn_eids, withdrawn_on, source, action_id, objects_to, created_at)
			VALUES ($1, $2, $3, $4, $5, '', $6, $7, $8, $9, $10, 'corridor:manual', $11, $12, $13) RETURNING id`,
			id, state, c.Name, kind, text, strings.Join(eids, ","), made, partly, strings.Join(weids, ","), withdrawn, actionID, objectsTo, db.Now()).Scan(&newID); err != nil {
			return fmt.Errorf("lawdb: add statement: %w", err)
		}
		if err := statementEvent(ctx, tx, id, []actionKey{{State: state, Kind: kind, Date: made, Text: text}}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "law.statement.create", "law_statement", newID, nil, map[string]any{
			"instrument": slug, "state": state, "kind": kind, "action_id": actionID, "eids": eids, "made_on": made,
			"partly_withdrawn_on": partly, "withdrawn_eids": weids, "withdrawn_on": withdrawn, "objects_to": objectsTo})
	})
	if err != nil {
		return 0, err
	}
	return newID, nil
}

// dateChecker returns a function that reads a form date: "" stays "", a
// malformed date, one before the adoption or one in the future is a field
// error in f.
func dateChecker(f errs.Fields, adopted string) func(field, v string) string {
	today := time.Now().UTC().Format(time.DateOnly)
	return func(field, v string) string {
		v = strings.TrimSpace(v)
		if v == "" {
			return ""
		}
		t, err := treaty.ParseISODate(v)
		switch {
		case err != nil || dateStr(t) != v:
			f.Add(field, "law.error.bad_date")
		case adopted != "" && v < adopted:
			f.Add(field, "law.error.before_adoption")
		case v > today:
			f.Add(field, "law.error.future_date")
		}
		return v
	}
}

// withdrawal is a checked partial and/or total withdrawal.
type withdrawal struct {
	partly, withdrawn string
	eids              []string
}

// checkWithdrawal checks the withdrawal fields of a statement made on made
// touching eids: dates not before it (the total not before the partial),
// a partial withdrawal naming the provisions it releases, among eids when
// the statement names any.
func checkWithdrawal(ctx context.Context, q db.Querier, instrumentID int64, f errs.Fields, d FieldDetails, date func(field, v string) string,
	made string, eids []string, partlyOn, withdrawnEIDs, withdrawnOn string) (withdrawal, error) {
	w := withdrawal{partly: date("partly_withdrawn_on", partlyOn), withdrawn: date("withdrawn_on", withdrawnOn)}
	for field, v := range map[string]string{"partly_withdrawn_on": w.partly, "withdrawn_on": w.withdrawn} {
		if v != "" && f[field] == "" && made != "" && v < made {
			f.Add(field, "law.error.withdrawn_before_made")
		}
	}
	if w.partly != "" && w.withdrawn != "" && f["withdrawn_on"] == "" && w.withdrawn < w.partly {
		f.Add("withdrawn_on", "law.error.withdrawn_before_partial")
	}
	weids, bad, err := checkEIDs(ctx, q, instrumentID, withdrawnEIDs)
	if err != nil {
		return w, err
	}
	w.eids = weids
	switch {
	case bad != "":
		f.Add("withdrawn_eids", "law.error.unknown_provision")
		d["withdrawn_eids"] = bad
	case w.partly != "" && len(weids) == 0:
		f.Add("withdrawn_eids", "law.error.partial_needs_eids")
	case w.partly == "" && len(weids) > 0:
		f.Add("partly_withdrawn_on", "law.error.date_required")
	default:
		for _, e := range weids {
			if len(eids) > 0 && !contains(eids, e) {
				f.Add("withdrawn_eids", "law.error.withdrawn_not_reserved")
				d["withdrawn_eids"] = e
				break
			}
		}
	}
	return w, nil
}

// StatementWithdrawal records, later, the partial and/or total withdrawal
// of a stored statement; empty fields keep what is stored.
type StatementWithdrawal struct {
	Instrument, Statement                         string
	PartlyWithdrawnOn, WithdrawnEIDs, WithdrawnOn string
}

// WithdrawStatement validates and saves a withdrawal of a statement of the
// instrument (audit law.statement.withdraw with the values before and
// after). At least one date is required; the rules are AddStatement's.
func (s *Store) WithdrawStatement(ctx context.Context, in StatementWithdrawal) (err error) {
	defer wrapErr(&err, "withdraw statement %s of %s", in.Statement, in.Instrument)
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		id, err := findID(ctx, tx, in.Instrument)
		if err != nil {
			return NotFound(err)
		}
		sid, err := strconv.ParseInt(strings.TrimSpace(in.Statement), 10, 64)
		if err != nil {
			return &errs.Error{Kind: errs.NotFound, Message: "law.error.unknown_statement"}
		}
		list, err := s.queryStatements(ctx, tx, `WHERE s.id = $1 AND s.instrument_id = $2`, sid, id)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return &errs.Error{Kind: errs.NotFound, Message: "law.error.unknown_statement"}
		}
		st := list[0]
		var adopted string
		if err := tx.QueryRowContext(ctx, `SELECT adopted_on FROM law_instruments WHERE id = $1`, id).Scan(&adopted); err != nil {
			return err
		}
		f, d := errs.Fields{}, FieldDetails{}
		if strings.TrimSpace(in.PartlyWithdrawnOn+in.WithdrawnOn) == "" {
			f.Add("withdrawn_on", "law.error.withdrawal_date_required")
		}
		made := st.MadeOn
		if made == "" {
			made = st.ActionDate
		}
		known, err := s.provisionEIDs(ctx, tx, id)
		if err != nil {
			return err
		}
		LinkProvisions(&st, known)
		partlyOn, weids := in.PartlyWithdrawnOn, in.WithdrawnEIDs
		if strings.TrimSpace(partlyOn) == "" && strings.TrimSpace(weids) == "" {
			partlyOn, weids = st.PartlyWithdrawnOn, strings.Join(st.WithdrawnEIDs, ",")
		}
		withdrawnOn := in.WithdrawnOn
		if strings.TrimSpace(withdrawnOn) == "" {
			withdrawnOn = st.WithdrawnOn
		}
		w, err := checkWithdrawal(ctx, tx, id, f, d, dateChecker(f, adopted), made, st.EIDs, partlyOn, weids, withdrawnOn)
		if err != nil {
			return err
		}
		if err := fieldErr(f, d); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE law_statements SET partly_withdrawn_on = $1, withdrawn_eids = $2, withdrawn_on = $3 WHERE id = $4`,
			w.partly, strings.Join(w.eids, ","), w.withdrawn, sid); err != nil {
			return fmt.Errorf("lawdb: withdraw statement: %w", err)
		}
		type dates struct {
			PartlyWithdrawnOn string   `json:"partly_withdrawn_on"`
			WithdrawnEIDs     []string `json:"withdrawn_eids"`
			WithdrawnOn       string   `json:"withdrawn_on"`
		}
		return audit.Record(ctx, tx, "law.statement.withdraw", "law_statement", sid,
			dates{st.PartlyWithdrawnOn, st.WithdrawnEIDs, st.WithdrawnOn}, dates{w.partly, w.eids, w.withdrawn})
	})
}

// checkEIDs splits a list of eIds (or article numbers, read as art_N) and
// checks each against the instrument's provisions; it returns them in
// order without repeats, and the first unknown one.
func checkEIDs(ctx context.Context, q db.Querier, instrumentID int64, list string) ([]string, string, error) {
	var out []string
	for _, e := range SplitCodes(list) {
		if _, err := strconv.Atoi(e); err == nil || romanRe.MatchString(e) {
			e = articleEID(e)
		}
		ok, err := checkEID(ctx, q, instrumentID, e)
		if err != nil {
			return nil, "", err
		}
		if !ok {
			return nil, e, nil
		}
		if !contains(out, e) {
			out = append(out, e)
		}
	}
	return out, "", nil
}

// StatementChoice is a statement an objection may name, for the form.
type StatementChoice struct {
	ID                     int64
	State, Kind, MadeOn    string
	Articles               []string
	ActionKind, ActionDate string
}

// ActionChoice is a treaty action a statement may be linked to, for the form.
type ActionChoice struct {
	ID                      int64
	State, StateName, Kind  string
	ActionDate, EffectiveOn string
}

// StatementFormChoices lists, for an instrument, the actions a statement
// may be linked to (of one State when state is not "") and the
// reservations and declarations an objection may name.
func (s *Store) StatementFormChoices(ctx context.Context, instrumentID int64, state string) (_ []ActionChoice, _ []StatementChoice, err error) {
	defer wrapErr(&err, "statement form of instrument %d", instrumentID)
	where, args := `WHERE instrument_id = $1`, []any{instrumentID}
	if state != "" {
		where, args = where+` AND state = $2`, append(args, state)
	}
	acts, err := queryList(ctx, s.DB, func(rows *sql.Rows) (ActionChoice, error) {
		var a ActionChoice
		return a, rows.Scan(&a.ID, &a.State, &a.StateName, &a.Kind, &a.ActionDate, &a.EffectiveOn)
	}, `SELECT id, state, state_name, kind, action_date, effective_date FROM law_treaty_actions `+where+` ORDER BY state, action_date, id`, args...)
	if err != nil {
		return nil, nil, err
	}
	list, err := s.queryStatements(ctx, s.DB, `WHERE s.instrument_id = $1 AND s.kind <> 'objection' ORDER BY s.state, s.made_on, s.id`, instrumentID)
	if err != nil {
		return nil, nil, err
	}
	var res []StatementChoice
	for _, st := range list {
		res = append(res, StatementChoice{ID: st.ID, State: st.State, Kind: st.Kind, MadeOn: st.MadeOn, Articles: st.Articles, ActionKind: st.ActionKind, ActionDate: st.ActionDate})
	}
	return acts, res, nil
}

// linkImportedStatements links the statements just imported for an
// instrument (source LIKE prefix) to their State's action
// (treaty.StatementAction); acts are the instrument's actions with ids.
func linkImportedStatements(ctx context.Context, q db.Querier, instrumentID int64, sourcePrefix string) error {
	type row struct {
		id    int64
		state string
		text  string
	}
	stmts, err := queryList(ctx, q, func(rows *sql.Rows) (row, error) {
		var r row
		return r, rows.Scan(&r.id, &r.state, &r.text)
	}, `SELECT id, state, text FROM law_statements WHERE instrument_id = $1 AND action_id IS NULL AND source LIKE $2`, instrumentID, sourcePrefix+"%")
	if err != nil || len(stmts) == 0 {
		return err
	}
	type actRow struct {
		id int64
		a  treaty.Action
	}
	acts, err := queryList(ctx, q, func(rows *sql.Rows) (actRow, error) {
		var r actRow
		var kind, date string
		err := rows.Scan(&r.id, &r.a.State, &kind, &date)
		r.a.Kind = treaty.Kind(kind)
		r.a.ActionDate, _ = time.Parse(time.DateOnly, date)
		return r, err
	}, `SELECT id, state, kind, action_date FROM law_treaty_actions WHERE instrument_id = $1 ORDER BY action_date, id`, instrumentID)
	if err != nil {
		return err
	}
	byState := map[string][]actRow{}
	for _, r := range acts {
		byState[r.a.State] = append(byState[r.a.State], r)
	}
	for _, st := range stmts {
		mine := byState[st.state]
		as := make([]treaty.Action, len(mine))
		for i, r := range mine {
			as[i] = r.a
		}
		i := treaty.StatementAction(st.text, as)
		if i < 0 {
			continue
		}
		// made_on stays as imported (the snapshot has no dates; the
		// action's date is shown beside the statement).
		if _, err := q.ExecContext(ctx, `UPDATE law_statements SET action_id = $1 WHERE id = $2`, mine[i].id, st.id); err != nil {
			return err
		}
	}
	return nil
}

// relinkImportedStatements links again the snapshot statements of the
// States of newly added actions.
func relinkImportedStatements(ctx context.Context, q db.Querier, instrumentID int64, added []actionKey) error {
	done := map[string]bool{}
	for _, k := range added {
		if done[k.State] {
			continue
		}
		done[k.State] = true
		if _, err := q.ExecContext(ctx, `UPDATE law_statements SET action_id = NULL WHERE instrument_id = $1 AND state = $2 AND source LIKE $3`,
			instrumentID, k.State, treaty.SourcePrefix+"%"); err != nil {
			return err
		}
	}
	if len(done) == 0 {
		return nil
	}
	return linkImportedStatements(ctx, q, instrumentID, treaty.SourcePrefix)
}

// relinkKey is an action a hand-entered statement was linked to, kept
// across a re-import that replaces the action rows.
type relinkKey struct {
	stmt int64
	key  actionKey
}

// manualLinks returns the hand-entered statements of an instrument linked
// to actions of a source about to be replaced.
func manualLinks(ctx context.Context, q db.Querier, instrumentID int64, sourcePrefix string) ([]relinkKey, error) {
	return queryList(ctx, q, func(rows *sql.Rows) (relinkKey, error) {
		var r relinkKey
		return r, rows.Scan(&r.stmt, &r.key.State, &r.key.Kind, &r.key.Date)
	}, `SELECT s.id, a.state, a.kind, a.action_date FROM law_statements s JOIN law_treaty_actions a ON a.id = s.action_id
		WHERE s.instrument_id = $1 AND s.source NOT LIKE $2 AND a.source LIKE $2`, instrumentID, sourcePrefix+"%")
}

// restoreLinks links those statements to the re-imported action with the
// same State, kind and date.
func restoreLinks(ctx context.Context, q db.Querier, instrumentID int64, links []relinkKey) error {
	for _, l := range links {
		if _, err := q.ExecContext(ctx, `UPDATE law_statements SET action_id = (SELECT MIN(id) FROM law_treaty_actions
			WHERE instrument_id = $1 AND state = $2 AND kind = $3 AND action_date = $4) WHERE id = $5`,
			instrumentID, l.key.State, l.key.Kind, l.key.Date, l.stmt); err != nil {
			return err
		}
	}
	return nil
}

// romanRe matches an article number in capital Roman numerals ("IV").
var romanRe = regexp.MustCompile(`^[IVXLC]+$`)

// StatusRow is a State's status on a date with the statements it had made
// and not withdrawn by then (reservations, declarations and objections).
type StatusRow struct {
	treaty.StateStatus
	Statements []Statement
	// AsOf is the date of the latest information the status rests on
	// (StatusBasis.AsOf), repeated on every row so that each row of an
	// export says it; AfterAsOf marks an answer for a later date.
	AsOf      string
	AfterAsOf bool
}

// MarshalJSON writes the treaty.StateStatus fields and "statements".
func (r StatusRow) MarshalJSON() ([]byte, error) {
	base, err := r.StateStatus.MarshalJSON()
	if err != nil {
		return nil, err
	}
	st := r.Statements
	if st == nil {
		st = []Statement{}
	}
	extra, err := json.Marshal(st)
	if err != nil {
		return nil, err
	}
	out := append(base[:len(base)-1], `,"statements":`...)
	out = append(out, extra...)
	asOf, _ := json.Marshal(r.AsOf)
	out = append(out, `,"as_of":`...)
	out = append(out, asOf...)
	if r.AfterAsOf {
		out = append(out, `,"after_as_of":true`...)
	} else {
		out = append(out, `,"after_as_of":false`...)
	}
	return append(out, '}'), nil
}

// StatusWithStatements is StatusOn with each State's statements in effect
// on the date (InEffectOn); withdrawn_eids is kept only once the partial
// withdrawal has taken effect.
func (s *Store) StatusWithStatements(ctx context.Context, ref string, on time.Time) (_ *StatusAnswer, err error) {
	defer wrapErr(&err, "status of %s", ref)
	id, acts, err := s.refActions(ctx, ref)
	if err != nil {
		return nil, err
	}
	stm, err := s.Statements(ctx, id)
	if err != nil {
		return nil, err
	}
	basis, err := s.statusBasis(ctx, id, acts)
	if err != nil {
		return nil, err
	}
	rows := statusRows(treaty.StatusOn(acts, on), stm, dateStr(on))
	for i := range rows {
		rows[i].AsOf = dateStr(basis.AsOf)
		rows[i].AfterAsOf = basis.After(on)
	}
	return &StatusAnswer{On: on, Basis: basis, Rows: rows}, nil
}

// statusRows joins statuses and the statements in effect on day.
func statusRows(ss []treaty.StateStatus, stm map[string][]Statement, day string) []StatusRow {
	out := make([]StatusRow, 0, len(ss))
	for _, s := range ss {
		row := StatusRow{StateStatus: s, Statements: []Statement{}}
		for _, st := range stm[s.State] {
			if !st.InEffectOn(day) {
				continue
			}
			if !st.PartlyWithdrawnBy(day) {
				st.PartlyWithdrawnOn, st.WithdrawnEIDs = "", nil
			}
			row.Statements = append(row.Statements, st)
		}
		out = append(out, row)
	}
	return out
}

// objectionLink is a hand-entered objection to an imported statement,
// kept across a re-import that replaces the imported statements.
type objectionLink struct {
	objection         int64
	state, kind, text string
}

// manualObjections returns the hand-entered objections of an instrument to
// statements of a source about to be replaced.
func manualObjections(ctx context.Context, q db.Querier, instrumentID int64, sourcePrefix string) ([]objectionLink, error) {
	return queryList(ctx, q, func(rows *sql.Rows) (objectionLink, error) {
		var o objectionLink
		return o, rows.Scan(&o.objection, &o.state, &o.kind, &o.text)
	}, `SELECT s.id, t.state, t.kind, t.text FROM law_statements s JOIN law_statements t ON t.id = s.objects_to
		WHERE s.instrument_id = $1 AND s.source NOT LIKE $2 AND t.source LIKE $2`, instrumentID, sourcePrefix+"%")
}

// restoreObjections points those objections at the re-imported statement
// with the same State, kind and text (none when it is gone).
func restoreObjections(ctx context.Context, q db.Querier, instrumentID int64, sourcePrefix string, links []objectionLink) error {
	for _, o := range links {
		if _, err := q.ExecContext(ctx, `UPDATE law_statements SET objects_to = (SELECT MIN(id) FROM law_statements
			WHERE instrument_id = $1 AND state = $2 AND kind = $3 AND text = $4 AND source LIKE $5) WHERE id = $6`,
			instrumentID, o.state, o.kind, o.text, sourcePrefix+"%", o.objection); err != nil {
			return err
		}
	}
	return nil
}
