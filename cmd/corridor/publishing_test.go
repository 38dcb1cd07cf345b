package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"corridor/internal/blob"
	"corridor/internal/db"
	"corridor/internal/publishing"
)

func TestPublishingCommands(t *testing.T) {
	dir := t.TempDir()
	env := migrated(t, []string{"CORRIDOR_DATA_DIR=" + dir})
	d, err := db.Open(context.Background(), filepath.Join(dir, "corridor.db"))
	if err != nil {
		t.Fatal(err)
	}
	svc := publishing.New(d, &blob.DBStore{DB: d})
	id, err := svc.Create(context.Background(), publishing.Meta{Type: publishing.WorkingPaper, Titles: map[string]string{"en": "Remittances in Oaxaca"},
		Authors: []publishing.Author{{Family: "Ñúñez", Given: "José"}}, Date: "2024-05-01", Language: "en"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddFile(context.Background(), id, publishing.NewFile{Name: "p.pdf", Body: bytes.NewReader(publishing.SamplePDF("x")), Access: publishing.Open}); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if out, code := corridor(t, env, "publishing", "list", "--q", "oaxaca"); code != 0 || !strings.Contains(out, "Remittances in Oaxaca\tJosé Ñúñez") {
		t.Errorf("list: %d %s", code, out)
	}
	if out, code := corridor(t, env, "publishing", "export", "--format", "bib"); code != 0 || !strings.Contains(out, "@techreport{") || !strings.Contains(out, "Ñúñez, José") {
		t.Errorf("export: %d %s", code, out)
	}
	if out, code := corridor(t, env, "publishing", "reindex"); code != 0 || !strings.Contains(out, "reindexed 1 publication") {
		t.Errorf("reindex: %d %s", code, out)
	}
	if out, code := corridor(t, env, "publishing", "export", "--format", "docx"); code == 0 || !strings.Contains(out, "bib, ris or json") {
		t.Errorf("bad format: %d %s", code, out)
	}
}
