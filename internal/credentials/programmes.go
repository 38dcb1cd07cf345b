package credentials

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
)

var langs = []string{"en", "fr", "es"}

// CheckProgramme validates a programme's fields, filling the default rule.
func CheckProgramme(p *Programme) error {
	bad := errs.Fields{}
	if strings.TrimSpace(p.Titles["en"]) == "" {
		bad.Add("title_en", "credentials.error.title_required")
	}
	if len(p.Items) == 0 {
		bad.Add("items", "credentials.error.items_required")
	}
	if len(p.Items) > 200 {
		bad.Add("items", "credentials.error.too_many_items")
	}
	for _, it := range p.Items {
		if _, _, err := ParseItem(it); err != nil {
			bad.Add("items", "credentials.error.bad_item")
		}
	}
	switch p.Rule {
	case "":
		p.Rule = RuleAll
	case RuleAll:
	case RuleN:
		if p.RuleN < 1 || p.RuleN > len(p.Items) {
			bad.Add("rule_n", "credentials.error.bad_rule_n")
		}
	default:
		bad.Add("rule", "credentials.error.bad_rule")
	}
	if p.MinGrade < 0 || p.MinGrade > 100 {
		bad.Add("min_grade", "credentials.error.bad_grade")
	}
	if p.ValidityMonths < 0 || p.ValidityMonths > 1200 {
		bad.Add("validity_months", "credentials.error.bad_validity")
	}
	if p.PeriodFrom != 0 && p.PeriodTo != 0 && p.PeriodTo < p.PeriodFrom {
		bad.Add("period_to", "credentials.error.bad_period")
	}
	return bad.Err()
}

// CreateProgramme checks and stores a programme.
func (s *Service) CreateProgramme(ctx context.Context, p Programme, by int64) (_ Programme, err error) {
	defer errs.Wrap(&err, "credentials: create programme")
	if err := CheckProgramme(&p); err != nil {
		return Programme{}, err
	}
	p.CreatedAt = s.now()
	var creator any
	if by != 0 {
		creator = by
	}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO credential_programmes (title_en, title_fr, title_es, description_en, description_fr, description_es,
			items, rule, rule_n, min_grade, period_from, period_to, validity_months, auto, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
			p.Titles["en"], p.Titles["fr"], p.Titles["es"], p.Descriptions["en"], p.Descriptions["fr"], p.Descriptions["es"],
			strings.Join(p.Items, "\n"), p.Rule, p.RuleN, p.MinGrade, p.PeriodFrom, p.PeriodTo, p.ValidityMonths, boolInt(p.Auto), creator, p.CreatedAt).Scan(&p.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "credentials.programme.create", "credential_programme", p.ID, nil, p)
	})
	if err != nil {
		return Programme{}, err
	}
	return s.Programme(ctx, p.ID, "en")
}

// UpdateProgramme changes a programme's texts, items and rule. Certificates
// already issued keep the title and dates they were issued with.
func (s *Service) UpdateProgramme(ctx context.Context, id int64, p Programme) (_ Programme, err error) {
	defer errs.Wrap(&err, fmt.Sprintf("credentials: update programme %d", id))
	if err := CheckProgramme(&p); err != nil {
		return Programme{}, err
	}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		old, err := scanProgramme(tx.QueryRowContext(ctx, `SELECT `+programmeCols+` FROM credential_programmes WHERE id = $1`, id), "en")
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE credential_programmes SET title_en = $1, title_fr = $2, title_es = $3, description_en = $4, description_fr = $5, description_es = $6,
			items = $7, rule = $8, rule_n = $9, min_grade = $10, period_from = $11, period_to = $12, validity_months = $13, auto = $14 WHERE id = $15`,
			p.Titles["en"], p.Titles["fr"], p.Titles["es"], p.Descriptions["en"], p.Descriptions["fr"], p.Descriptions["es"],
			strings.Join(p.Items, "\n"), p.Rule, p.RuleN, p.MinGrade, p.PeriodFrom, p.PeriodTo, p.ValidityMonths, boolInt(p.Auto), id); err != nil {
			return err
		}
		p.ID, p.CreatedAt = id, old.CreatedAt
		return audit.Record(ctx, tx, "credentials.programme.update", "credential_programme", id, old, p)
	})
	if err != nil {
		return Programme{}, err
	}
	return s.Programme(ctx, id, "en")
}

// TitleIn is the title to show a reader of lang for a certificate: the
// programme's current title in that language where it has one, else the
// title the certificate was issued with (the record).
func (s *Service) TitleIn(ctx context.Context, c Certificate, lang string) string {
	if lang == "" || lang == "en" {
		return c.ProgrammeTitle
	}
	p, err := s.Programme(ctx, c.ProgrammeID, lang)
	if err != nil || strings.TrimSpace(p.Titles[lang]) == "" {
		return c.ProgrammeTitle
	}
	return p.Titles[lang]
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

const programmeCols = `id, title_en, title_fr, title_es, description_en, description_fr, description_es, items, rule, rule_n, min_grade, period_from, period_to, validity_months, auto, created_at`

func scanProgramme(sc interface{ Scan(...any) error }, lang string) (Programme, error) {
	var p Programme
	var t, d [3]string
	var items string
	var auto int
	if err := sc.Scan(&p.ID, &t[0], &t[1], &t[2], &d[0], &d[1], &d[2], &items, &p.Rule, &p.RuleN, &p.MinGrade, &p.PeriodFrom, &p.PeriodTo, &p.ValidityMonths, &auto, &p.CreatedAt); err != nil {
		return Programme{}, err
	}
	p.Titles, p.Descriptions = map[string]string{}, map[string]string{}
	for i, l := range langs {
		p.Titles[l], p.Descriptions[l] = t[i], d[i]
	}
	p.Title, p.Description = inLang(p.Titles, lang), inLang(p.Descriptions, lang)
	p.Items = strings.Split(items, "\n")
	p.Auto = auto == 1
	return p, nil
}

// inLang picks the text in lang, or the English one.
func inLang(m map[string]string, lang string) string {
	if v := m[lang]; v != "" {
		return v
	}
	return m["en"]
}

// Programme reads one programme, its title in lang.
func (s *Service) Programme(ctx context.Context, id int64, lang string) (Programme, error) {
	p, err := scanProgramme(s.DB.QueryRowContext(ctx, `SELECT `+programmeCols+` FROM credential_programmes WHERE id = $1`, id), lang)
	if errors.Is(err, sql.ErrNoRows) {
		return Programme{}, ErrNotFound
	}
	if err != nil {
		return Programme{}, fmt.Errorf("credentials: programme %d: %w", id, err)
	}
	return p, nil
}

// Programmes lists every programme, titles in lang.
func (s *Service) Programmes(ctx context.Context, lang string) (_ []Programme, err error) {
	defer errs.Wrap(&err, "credentials: programmes")
	rows, err := s.DB.QueryContext(ctx, `SELECT `+programmeCols+` FROM credential_programmes ORDER BY id LIMIT 1000`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Programme{}
	for rows.Next() {
		p, err := scanProgramme(rows, lang)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
