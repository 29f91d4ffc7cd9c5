package mock

import (
	"context"

	"jxj/app"
)

var _ app.DirectoryService = (*DirectoryService)(nil)

// DirectoryService fakes app.DirectoryService.
type DirectoryService struct {
	DirectoryFn func(ctx context.Context) (*app.Directory, error)
}

func (s *DirectoryService) Directory(ctx context.Context) (*app.Directory, error) {
	return s.DirectoryFn(ctx)
}
