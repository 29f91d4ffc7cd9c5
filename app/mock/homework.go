package mock

import (
	"context"

	"jxj/app"
)

var _ app.HomeworkService = (*HomeworkService)(nil)

// HomeworkService fakes app.HomeworkService.
type HomeworkService struct {
	AssignHomeworkFn  func(ctx context.Context, d app.HomeworkDraft) (*app.Homework, error)
	HomeworksFn       func(ctx context.Context) ([]*app.Homework, error)
	HomeworkEntriesFn func(ctx context.Context, id int64) (*app.Homework, []app.HomeworkEntry, error)
	SetCompletionFn   func(ctx context.Context, id int64, marks []app.CompletionMark) error
	DeleteHomeworkFn  func(ctx context.Context, id int64) error
}

func (s *HomeworkService) AssignHomework(ctx context.Context, d app.HomeworkDraft) (*app.Homework, error) {
	return s.AssignHomeworkFn(ctx, d)
}
func (s *HomeworkService) Homeworks(ctx context.Context) ([]*app.Homework, error) {
	return s.HomeworksFn(ctx)
}
func (s *HomeworkService) HomeworkEntries(ctx context.Context, id int64) (*app.Homework, []app.HomeworkEntry, error) {
	return s.HomeworkEntriesFn(ctx, id)
}
func (s *HomeworkService) SetCompletion(ctx context.Context, id int64, marks []app.CompletionMark) error {
	return s.SetCompletionFn(ctx, id, marks)
}
func (s *HomeworkService) DeleteHomework(ctx context.Context, id int64) error {
	return s.DeleteHomeworkFn(ctx, id)
}
