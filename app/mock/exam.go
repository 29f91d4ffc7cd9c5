package mock

import (
	"context"

	"jxj/app"
)

var _ app.ExamService = (*ExamService)(nil)

// ExamService fakes app.ExamService.
type ExamService struct {
	CreateExamFn   func(ctx context.Context, d app.ExamDraft) (*app.Exam, error)
	ExamsFn        func(ctx context.Context) ([]*app.Exam, error)
	ExamSheetFn    func(ctx context.Context, id int64) (*app.ExamSheet, error)
	SaveScoresFn   func(ctx context.Context, id int64, entries []app.ScoreEntry) error
	ImportScoresFn func(ctx context.Context, id int64, rows []app.ScoreRow, dryRun bool) (*app.ScoreImport, error)
}

func (s *ExamService) CreateExam(ctx context.Context, d app.ExamDraft) (*app.Exam, error) {
	return s.CreateExamFn(ctx, d)
}
func (s *ExamService) Exams(ctx context.Context) ([]*app.Exam, error) { return s.ExamsFn(ctx) }
func (s *ExamService) ExamSheet(ctx context.Context, id int64) (*app.ExamSheet, error) {
	return s.ExamSheetFn(ctx, id)
}
func (s *ExamService) SaveScores(ctx context.Context, id int64, entries []app.ScoreEntry) error {
	return s.SaveScoresFn(ctx, id, entries)
}
func (s *ExamService) ImportScores(ctx context.Context, id int64, rows []app.ScoreRow, dryRun bool) (*app.ScoreImport, error) {
	return s.ImportScoresFn(ctx, id, rows, dryRun)
}
