package learning

import (
	"context"
	"database/sql"
	"errors"

	"corridor/internal/audit"
	"corridor/internal/db"
)

// File is an image or attachment of a course's lessons, kept in the blob
// store under BlobKey with the type sniffed at upload.
type File struct {
	ID          int64  `json:"id"`
	CourseID    int64  `json:"course_id"`
	BlobKey     string `json:"-"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	CreatedAt   int64  `json:"created_at"`
}

// AddFile records a stored upload.
func (s *Service) AddFile(ctx context.Context, f File) (File, error) {
	f.CreatedAt = s.now()
	err := s.DB.InTx(ctx, func(tx db.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO learning_files (course_id, blob_key, name, content_type, size, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			f.CourseID, f.BlobKey, f.Name, f.ContentType, f.Size, f.CreatedAt).Scan(&f.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "learning.file.upload", "learning_file", f.ID, nil, f)
	})
	return f, err
}

// File reads an upload's record.
func (s *Service) File(ctx context.Context, id int64) (File, error) {
	var f File
	err := s.DB.QueryRowContext(ctx, `SELECT id, course_id, blob_key, name, content_type, size, created_at FROM learning_files WHERE id = $1`, id).
		Scan(&f.ID, &f.CourseID, &f.BlobKey, &f.Name, &f.ContentType, &f.Size, &f.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return File{}, ErrNotFound
	}
	return f, err
}

// Files lists a course's uploads.
func (s *Service) Files(ctx context.Context, courseID int64) ([]File, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, course_id, blob_key, name, content_type, size, created_at FROM learning_files WHERE course_id = $1 ORDER BY id`, courseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []File
	for rows.Next() {
		var f File
		if err := rows.Scan(&f.ID, &f.CourseID, &f.BlobKey, &f.Name, &f.ContentType, &f.Size, &f.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
