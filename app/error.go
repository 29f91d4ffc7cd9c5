package app

import (
	"errors"
	"fmt"
)

// Error codes a caller can branch on.
const (
	ECONFLICT     = "conflict"
	EFORBIDDEN    = "forbidden"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EUNAUTHORIZED = "unauthorized"
)

// Error is an error a user can meet. Key names a translation (see app/i18n)
// and Args fill its placeholders, so the GUI and the CLI show it in the
// user's language. Err keeps the lower-level cause for logs; it is never
// shown to the user.
type Error struct {
	Code string
	Key  string
	Args []any
	Err  error
}

// Errorf returns an *Error with the code, translation key and arguments.
func Errorf(code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args}
}

// WrapError returns an EINTERNAL error with the translation key that keeps
// err as its cause.
func WrapError(err error, key string, args ...any) *Error {
	return &Error{Code: EINTERNAL, Key: key, Args: args, Err: err}
}

func (e *Error) Error() string {
	s := e.Key
	if len(e.Args) > 0 {
		s += fmt.Sprint(e.Args)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// ErrorCode returns the code of an *Error in err's chain, EINTERNAL for any
// other error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorKey returns the message key of an *Error in err's chain, "" when
// there is none: a caller that must tell one refusal from another.
func ErrorKey(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Key
	}
	return ""
}

// Translation returns the key and arguments for app/i18n.
func (e *Error) Translation() (string, []any) { return e.Key, e.Args }
