package mock

import (
	"context"
	"time"

	"jxj/app"
)

var _ app.AccountService = (*AccountService)(nil)

// AccountService fakes app.AccountService.
type AccountService struct {
	AuthenticateFn    func(ctx context.Context, username, password string) (*app.Account, error)
	AccountsFn        func(ctx context.Context) ([]*app.Account, error)
	CreateAccountFn   func(ctx context.Context, c app.AccountCreate) (*app.Account, error)
	UpdateAccountFn   func(ctx context.Context, id int64, u app.AccountUpdate) (*app.Account, error)
	SetPasswordFn     func(ctx context.Context, id int64, password string) error
	ChangePasswordFn  func(ctx context.Context, current, password string) error
	UnlockAccountFn   func(ctx context.Context, id int64) error
	RecoverPasswordFn func(ctx context.Context, r app.Recovery) error
	IdleLockFn        func(ctx context.Context) (time.Duration, error)
	SetIdleLockFn     func(ctx context.Context, d time.Duration) error
}

func (s *AccountService) Authenticate(ctx context.Context, username, password string) (*app.Account, error) {
	return s.AuthenticateFn(ctx, username, password)
}
func (s *AccountService) Accounts(ctx context.Context) ([]*app.Account, error) {
	return s.AccountsFn(ctx)
}
func (s *AccountService) CreateAccount(ctx context.Context, c app.AccountCreate) (*app.Account, error) {
	return s.CreateAccountFn(ctx, c)
}
func (s *AccountService) UpdateAccount(ctx context.Context, id int64, u app.AccountUpdate) (*app.Account, error) {
	return s.UpdateAccountFn(ctx, id, u)
}
func (s *AccountService) SetPassword(ctx context.Context, id int64, password string) error {
	return s.SetPasswordFn(ctx, id, password)
}
func (s *AccountService) ChangePassword(ctx context.Context, current, password string) error {
	return s.ChangePasswordFn(ctx, current, password)
}
func (s *AccountService) UnlockAccount(ctx context.Context, id int64) error {
	return s.UnlockAccountFn(ctx, id)
}
func (s *AccountService) RecoverPassword(ctx context.Context, r app.Recovery) error {
	return s.RecoverPasswordFn(ctx, r)
}
func (s *AccountService) IdleLock(ctx context.Context) (time.Duration, error) {
	return s.IdleLockFn(ctx)
}
func (s *AccountService) SetIdleLock(ctx context.Context, d time.Duration) error {
	return s.SetIdleLockFn(ctx, d)
}
