package lawdb

// Corrections by legal officers: replacing a version's text (a corrected
// text for the same language and date), deleting a version, replacing or
// deleting a relationship, and updating a policy change. What depends on a
// version is derived from the stored rows when read — the text in force
// on a date, the search index (only the latest version per language is
// searched; the provisions' index rows go with them), diffs — so a write
// here only has to keep the references into the text valid: an article
// eId named by a relationship, a policy change or a reservation must stay a
// provision of some version of its instrument, or the write is refused.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/law/lawtext"
)

// VersionRef is a stored version with the instrument it belongs to.
type VersionRef struct {
	Version
	InstrumentID int64
	Slug         string
	Provisions   int
}

// errUnknownVersion is the NotFound error of a version that is not one of
// the instrument's.
var errUnknownVersion = &errs.Error{Kind: errs.NotFound, Message: "law.error.unknown_version"}

// VersionOf returns the version id of the instrument ref (any identifier);
// a version of another instrument is NotFound too.
func (s *Store) VersionOf(ctx context.Context, ref string, versionID int64) (*VersionRef, error) {
	return versionOf(ctx, s.DB, ref, versionID)
}

func versionOf(ctx context.Context, q db.Querier, ref string, versionID int64) (*VersionRef, error) {
	iid, err := findID(ctx, q, ref)
	if err != nil {
		return nil, NotFound(err)
	}
	v := VersionRef{InstrumentID: iid}
	err = q.QueryRowContext(ctx, `SELECT v.id, v.language, v.valid_from, v.title, v.source, v.format, i.slug,
		(SELECT COUNT(*) FROM law_provisions p WHERE p.version_id = v.id)
		FROM law_versions v JOIN law_instruments i ON i.id = v.instrument_id WHERE v.id = $1 AND v.instrument_id = $2`, versionID, iid).
		Scan(&v.ID, &v.Language, &v.ValidFrom, &v.Title, &v.Source, &v.Format, &v.Slug, &v.Provisions)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errUnknownVersion
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// MarkdownOf returns the Markdown a version was stored from, to correct
// it, or "" when it came from another format (Akoma Ntoso XML is never put
// back into a page).
func (s *Store) MarkdownOf(ctx context.Context, versionID int64) (string, error) {
	var format string
	var original []byte
	if err := s.DB.QueryRowContext(ctx, `SELECT format, original FROM law_versions WHERE id = $1`, versionID).Scan(&format, &original); err != nil {
		return "", err
	}
	if format != "markdown" {
		return "", nil
	}
	return string(original), nil
}

// VersionDeletion says what deleting a version does, for the confirmation
// page: the version that becomes the current text in its language (nil
// when none is left in it) and why the deletion is refused, if it is.
type VersionDeletion struct {
	Version *VersionRef
	// NewCurrent is the version then in force in the same language, when
	// the deleted one is the latest in it.
	NewCurrent *Version
	// WasCurrent: the deleted version is the latest in its language.
	WasCurrent bool
	// Refused is nil or the error DeleteVersion would return.
	Refused error
}

// PlanVersionDeletion reports what deleting a version would change.
func (s *Store) PlanVersionDeletion(ctx context.Context, ref string, versionID int64) (*VersionDeletion, error) {
	return planVersionDeletion(ctx, s.DB, ref, versionID)
}

func planVersionDeletion(ctx context.Context, q db.Querier, ref string, versionID int64) (*VersionDeletion, error) {
	v, err := versionOf(ctx, q, ref, versionID)
	if err != nil {
		return nil, err
	}
	vs, err := versionsOf(ctx, q, v.InstrumentID)
	if err != nil {
		return nil, err
	}
	d := &VersionDeletion{Version: v}
	var rest []Version
	latest := ""
	for _, x := range vs {
		if x.Language == v.Language && x.ValidFrom > latest {
			latest = x.ValidFrom
		}
		if x.ID != v.ID {
			rest = append(rest, x)
		}
	}
	d.WasCurrent = latest == v.ValidFrom
	if d.WasCurrent {
		for i := range rest {
			if rest[i].Language == v.Language && (d.NewCurrent == nil || rest[i].ValidFrom > d.NewCurrent.ValidFrom) {
				d.NewCurrent = &rest[i]
			}
		}
	}
	if len(rest) == 0 {
		d.Refused = &errs.Error{Kind: errs.Conflict, Message: "law.error.last_version", Fields: map[string]string{"version": "law.error.last_version"}}
		return d, nil
	}
	if err := keepsReferences(ctx, q, v.InstrumentID, v.ID, nil); err != nil {
		if _, ok := errs.As(err); !ok {
			return nil, err
		}
		d.Refused = err
	}
	return d, nil
}

// versionsOf is Store.Versions on any querier.
func versionsOf(ctx context.Context, q db.Querier, instrumentID int64) ([]Version, error) {
	return queryList(ctx, q, func(rows *sql.Rows) (Version, error) {
		var v Version
		err := rows.Scan(&v.ID, &v.Language, &v.ValidFrom, &v.Title, &v.Source, &v.Format)
		return v, err
	}, `SELECT id, language, valid_from, title, source, format FROM law_versions WHERE instrument_id = $1 ORDER BY valid_from, language, id`, instrumentID)
}

// keepsReferences checks that the article eIds relationships, policy
// changes and reservations or declarations name in an instrument remain
// provisions of it when version
// versionID is deleted (newEIDs nil) or its text replaced by one with
// newEIDs. The error is a Conflict naming the eIds that would dangle.
func keepsReferences(ctx context.Context, q db.Querier, instrumentID, versionID int64, newEIDs map[string]bool) error {
	refs, err := queryList(ctx, q, func(rows *sql.Rows) (string, error) {
		var e string
		err := rows.Scan(&e)
		return e, err
	}, `SELECT from_eid FROM law_relationships WHERE from_id = $1 AND from_eid <> ''
		UNION SELECT to_eid FROM law_relationships WHERE to_id = $1 AND to_eid <> ''
		UNION SELECT article_eid FROM law_policy_changes WHERE instrument_id = $1 AND article_eid <> ''`, instrumentID)
	if err != nil {
		return err
	}
	// reservations and declarations keep comma lists of eIds
	lists, err := queryList(ctx, q, func(rows *sql.Rows) (string, error) {
		var e, w string
		err := rows.Scan(&e, &w)
		return e + "," + w, err
	}, `SELECT eids, withdrawn_eids FROM law_statements WHERE instrument_id = $1 AND (eids <> '' OR withdrawn_eids <> '')`, instrumentID)
	if err != nil {
		return err
	}
	for _, l := range lists {
		refs = append(refs, splitOrdered(l)...)
	}
	seen := map[string]bool{}
	var lost []string
	for _, eid := range refs {
		if newEIDs[eid] || seen[eid] {
			continue
		}
		seen[eid] = true
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM law_provisions p JOIN law_versions v ON v.id = p.version_id
			WHERE v.instrument_id = $1 AND v.id <> $2 AND p.eid = $3`, instrumentID, versionID, eid).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			lost = append(lost, eid)
		}
	}
	if len(lost) == 0 {
		return nil
	}
	sort.Strings(lost)
	return &errs.Error{Kind: errs.Conflict, Message: "law.error.eid_referenced", Fields: map[string]string{"version": "law.error.eid_referenced"},
		Err: FieldDetails{"version": strings.Join(lost, ", ")}}
}

// DeleteVersion deletes a version with its provisions (and so their search
// index rows). It is refused (Conflict) when it is the instrument's only
// version or when a relationship, policy change or reservation names an
// article found only in it. The instrument's languages are kept. Audit
// law.version.delete with the version's metadata.
func (s *Store) DeleteVersion(ctx context.Context, ref string, versionID int64) (err error) {
	defer wrapErr(&err, "delete version %d of %s", versionID, ref)
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		d, err := planVersionDeletion(ctx, tx, ref, versionID)
		if err != nil {
			return err
		}
		if d.Refused != nil {
			return d.Refused
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM law_provisions WHERE version_id = $1`, versionID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM law_versions WHERE id = $1`, versionID); err != nil {
			return err
		}
		v := d.Version
		if err := markCurrent(ctx, tx, v.InstrumentID, v.Language); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "law.version.delete", "law_version", v.ID, map[string]any{
			"instrument": v.Slug, "language": v.Language, "valid_from": v.ValidFrom, "format": v.Format, "title": v.Title,
			"source": v.Source, "provisions": v.Provisions}, nil)
	})
}

// ReplaceVersion stores a corrected text for a version: same instrument,
// language and date, same id (links to it stay valid), new provisions.
// nv.Language and nv.ValidFrom may be left empty; when given they must be
// the version's. The text is checked as for AddVersion, and an article a
// relationship, policy change or reservation names must not disappear from
// the instrument. Audit law.version.replace with the old and new metadata.
func (s *Store) ReplaceVersion(ctx context.Context, versionID int64, nv NewVersion) (err error) {
	defer wrapErr(&err, "replace version %d", versionID)
	old, err := s.VersionOf(ctx, nv.Instrument, versionID)
	if err != nil {
		return err
	}
	f := errs.Fields{}
	if nv.Language != "" && normLang(nv.Language) != old.Language {
		f.Add("language", "law.error.replace_language")
	}
	if v := strings.TrimSpace(nv.ValidFrom); v != "" && v != old.ValidFrom {
		f.Add("valid_from", "law.error.replace_date")
	}
	if err := f.Err(); err != nil {
		return err
	}
	nv.Language, nv.ValidFrom = old.Language, old.ValidFrom
	p, err := s.prepareVersion(ctx, nv)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		if err := keepsReferences(ctx, tx, p.instrumentID, versionID, eidsOf(p.doc)); err != nil {
			return err
		}
		mj, err := versionMetaJSON(p.doc)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE law_versions SET title = $1, source = $2, format = $3, original = $4, meta_json = $5 WHERE id = $6`,
			p.doc.Title, p.source, p.format, p.raw, mj, versionID); err != nil {
			return fmt.Errorf("lawdb: replace version: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM law_provisions WHERE version_id = $1`, versionID); err != nil {
			return err
		}
		if err := writeProvisions(ctx, tx, versionID, p.doc, p.lang); err != nil {
			return err
		}
		before := map[string]any{"instrument": old.Slug, "language": old.Language, "valid_from": old.ValidFrom, "format": old.Format,
			"title": old.Title, "source": old.Source, "provisions": old.Provisions}
		return audit.Record(ctx, tx, "law.version.replace", "law_version", versionID, before, p.auditValues())
	})
}

// eidsOf returns the eIds of a document's provisions.
func eidsOf(doc *lawtext.Document) map[string]bool {
	out := map[string]bool{}
	doc.Walk(func(n *lawtext.Node, _ []*lawtext.Node) bool {
		if n.EID != "" {
			out[n.EID] = true
		}
		return true
	})
	return out
}

// RelationRef is a stored relationship, by the slugs of its ends.
type RelationRef struct {
	ID                 int64
	FromID, ToID       int64
	From, To, Kind     string
	FromEID, ToEID     string
	EffectiveOn        string
	FromTitle, ToTitle string
}

// auditValues describes the relationship in audit entries, as
// relationAudit does.
func (r *RelationRef) auditValues() map[string]string {
	return map[string]string{"from": r.From, "kind": r.Kind, "to": r.To, "from_eid": r.FromEID, "to_eid": r.ToEID, "effective_on": r.EffectiveOn}
}

// RelationOf returns relationship relID when the instrument ref is one of
// its ends; otherwise NotFound.
func (s *Store) RelationOf(ctx context.Context, ref string, relID int64) (*RelationRef, error) {
	return relationOf(ctx, s.DB, ref, relID)
}

func relationOf(ctx context.Context, q db.Querier, ref string, relID int64) (*RelationRef, error) {
	iid, err := findID(ctx, q, ref)
	if err != nil {
		return nil, NotFound(err)
	}
	var r RelationRef
	err = q.QueryRowContext(ctx, `SELECT r.id, r.from_id, r.to_id, f.slug, t.slug, r.kind, r.from_eid, r.to_eid, r.effective_on, f.title, t.title
		FROM law_relationships r JOIN law_instruments f ON f.id = r.from_id JOIN law_instruments t ON t.id = r.to_id
		WHERE r.id = $1 AND (r.from_id = $2 OR r.to_id = $2)`, relID, iid).
		Scan(&r.ID, &r.FromID, &r.ToID, &r.From, &r.To, &r.Kind, &r.FromEID, &r.ToEID, &r.EffectiveOn, &r.FromTitle, &r.ToTitle)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &errs.Error{Kind: errs.NotFound, Message: "law.error.unknown_relation"}
	}
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// relationshipRecord names relationships in the revisions table.
const relationshipRecord = "law_relationship"

// RelationshipRevision returns the revision of a relationship, which an
// edit names (ReplaceRelationshipAt) to be saved.
func (s *Store) RelationshipRevision(ctx context.Context, relID int64) (int64, error) {
	return db.Revision(ctx, s.DB, relationshipRecord, relID)
}

// ReplaceRelationship is ReplaceRelationshipAt without a revision check.
func (s *Store) ReplaceRelationship(ctx context.Context, ref string, relID int64, nr NewRelation) error {
	return s.ReplaceRelationshipAt(ctx, ref, relID, nr, db.AnyRevision)
}

// ReplaceRelationshipAt replaces relationship relID (found through either
// end, ref) with nr, validated as by AddRelationship; the instrument it
// starts from stays (nr.From is ignored). Audit law.relationship.update.
// When revision is not db.AnyRevision and another edit was saved since it
// was read, nothing is saved: ErrChangedMeanwhile (Conflict).
func (s *Store) ReplaceRelationshipAt(ctx context.Context, ref string, relID int64, nr NewRelation, revision int64) (err error) {
	defer wrapErr(&err, "replace relationship %d of %s", relID, ref)
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		old, err := relationOf(ctx, tx, ref, relID)
		if err != nil {
			return err
		}
		if err := bumpRevision(ctx, tx, relationshipRecord, relID, revision); err != nil {
			return err
		}
		nr.From = old.From
		to, err := validateRelation(ctx, tx, old.FromID, &nr, relID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE law_relationships SET to_id = $1, kind = $2, from_eid = $3, to_eid = $4, effective_on = $5 WHERE id = $6`,
			to, nr.Kind, nr.FromEID, nr.ToEID, nr.EffectiveOn, relID); err != nil {
			return fmt.Errorf("lawdb: replace relationship: %w", err)
		}
		after, err := relationAudit(ctx, tx, old.FromID, to, nr)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "law.relationship.update", "law_relationship", relID, old.auditValues(), after)
	})
}

// DeleteRelationship deletes relationship relID, found through either end
// (ref). Audit law.relationship.delete with what it said.
func (s *Store) DeleteRelationship(ctx context.Context, ref string, relID int64) (err error) {
	defer wrapErr(&err, "delete relationship %d of %s", relID, ref)
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		old, err := relationOf(ctx, tx, ref, relID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM law_relationships WHERE id = $1`, relID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "law.relationship.delete", "law_relationship", relID, old.auditValues(), nil)
	})
}

// PolicyChangeByID returns one policy change; NotFound when there is none.
func (s *Store) PolicyChangeByID(ctx context.Context, id int64) (*PolicyChange, error) {
	return policyChangeByID(ctx, s.DB, id)
}

func policyChangeByID(ctx context.Context, q db.Querier, id int64) (*PolicyChange, error) {
	ps, err := queryList(ctx, q, scanPolicyChange, policySelect+`WHERE p.id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, &errs.Error{Kind: errs.NotFound, Message: "law.error.unknown_policy_change"}
	}
	return &ps[0], nil
}

// policyChangeRecord names policy changes in the revisions table.
const policyChangeRecord = "law_policy_change"

// PolicyChangeRevision returns the revision of a policy change, which an
// edit names (UpdatePolicyChangeAt) to be saved.
func (s *Store) PolicyChangeRevision(ctx context.Context, id int64) (int64, error) {
	return db.Revision(ctx, s.DB, policyChangeRecord, id)
}

// UpdatePolicyChange is UpdatePolicyChangeAt without a revision check.
func (s *Store) UpdatePolicyChange(ctx context.Context, id int64, p PolicyChange) error {
	return s.UpdatePolicyChangeAt(ctx, id, p, db.AnyRevision)
}

// UpdatePolicyChangeAt validates a policy change as AddPolicyChange does
// and saves it over change id (an empty source keeps the old one). Audit
// law.policy_change.update with the values before and after. When revision
// is not db.AnyRevision and another edit was saved since it was read,
// nothing is saved: ErrChangedMeanwhile (Conflict).
func (s *Store) UpdatePolicyChangeAt(ctx context.Context, id int64, p PolicyChange, revision int64) (err error) {
	defer wrapErr(&err, "update policy change %d", id)
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		old, err := policyChangeByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := bumpRevision(ctx, tx, policyChangeRecord, id, revision); err != nil {
			return err
		}
		instID, f := s.validatePolicy(ctx, tx, &p)
		if err := f.Err(); err != nil {
			return err
		}
		p.ID = id
		if strings.TrimSpace(p.Source) == "" {
			p.Source = old.Source
		}
		p.ArticleEID, p.Tool, p.Summary = strings.TrimSpace(p.ArticleEID), strings.TrimSpace(p.Tool), strings.TrimSpace(p.Summary)
		if _, err := tx.ExecContext(ctx, `UPDATE law_policy_changes SET country = $1, date = $2, instrument_id = $3, article_eid = $4, area = $5, tool = $6,
			target_group = $7, origin_group = $8, restrictiveness = $9, magnitude = $10, summary = $11, source = $12 WHERE id = $13`,
			p.Country, p.Date, instID, p.ArticleEID, p.Area, p.Tool, p.TargetGroup, p.OriginGroup, p.Restrictiveness, p.Magnitude, p.Summary, p.Source, id); err != nil {
			return fmt.Errorf("lawdb: update policy change: %w", err)
		}
		after, err := policyChangeByID(ctx, tx, id)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "law.policy_change.update", "law_policy_change", id, old, after)
	})
}
