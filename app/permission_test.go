package app

import (
	"errors"
	"testing"
)

// refusal is what a rule says: allowed, or the error's code and key.
type refusal struct{ code, key string }

var allowed = refusal{}

// Every rule for every role: the administrator, the principal, wang who
// heads class 1 (the records' class), li who teaches class 2, and nobody
// logged in.
func TestPermissions(t *testing.T) {
	admin := &Account{Username: "admin", Role: RoleAdmin}
	principal := &Account{Username: "principal", Role: RolePrincipal}
	own := &Account{Username: "wang", Role: RoleTeacher, StaffID: 7, ClassIDs: []int64{1}}
	other := &Account{Username: "li", Role: RoleTeacher, StaffID: 8, ClassIDs: []int64{2}}
	// teaches class 1 too, but does not head it
	subject := &Account{Username: "zhou", Role: RoleTeacher, StaffID: 9, ClassIDs: []int64{1}}

	published := func(by string) *Notice {
		return &Notice{Title: "家长会", State: NoticeStatePublished, CreatedBy: by, Target: Target{School: true}}
	}
	bureau := &Notice{Title: "防溺水", State: NoticeStatePublished, CreatedBy: "bureau", Bureau: true}
	bureauRevoked := &Notice{Title: "防溺水", State: NoticeStateRevoked, CreatedBy: "bureau", Bureau: true}
	draft := &Notice{State: NoticeStateDraft, CreatedBy: "admin"}
	revoked := &Notice{State: NoticeStateRevoked, CreatedBy: "admin"}
	family := &Receipt{StudentName: "张三", ClassID: 1}
	staff := &Receipt{StaffName: "赵老师", StaffID: 9}
	fourClasses := func(by string) *Homework { return &Homework{ClassIDs: []int64{1, 2, 3, 4}, CreatedBy: by} }
	survey := func(by string) *Form { return &Form{ClassIDs: []int64{1}, CreatedBy: by} }
	leave := func(state LeaveState, by string) *Leave {
		return &Leave{ClassID: 1, HeadTeacherID: 7, State: state, CreatedBy: by, From: leaveDay(2026, 3, 2), To: leaveDay(2026, 3, 8)}
	}

	notAuthor := refusal{EFORBIDDEN, "storage.notice.error.revoke_forbidden"}
	notBureau := refusal{EFORBIDDEN, "storage.bureau.error.forbidden"}
	notOwnClass := refusal{EFORBIDDEN, "storage.notice.error.record_forbidden"}
	notHomeworkAuthor := refusal{EFORBIDDEN, "storage.homework.error.delete_forbidden"}
	notFormAuthor := refusal{EFORBIDDEN, "storage.form.error.close_forbidden"}
	notLeaveAuthor := refusal{EFORBIDDEN, "storage.leave.error.cancel_forbidden"}
	notHead := refusal{EFORBIDDEN, "leave.error.not_head"}
	decided := refusal{ECONFLICT, "leave.error.decided"}

	tests := []struct {
		name string
		got  error
		want refusal
	}{
		{"revoke: admin, a school-wide notice", CanRevokeNotice(admin, published("admin")), allowed},
		{"revoke: principal, another's", CanRevokeNotice(principal, published("admin")), allowed},
		{"revoke: teacher, the admin's school-wide notice", CanRevokeNotice(own, published("admin")), notAuthor},
		{"revoke: teacher of another class, the same", CanRevokeNotice(other, published("admin")), notAuthor},
		{"revoke: teacher, their own", CanRevokeNotice(own, published("wang")), allowed},
		{"revoke: teacher, their own, the name in other case", CanRevokeNotice(own, published("Wang")), allowed},
		{"revoke: nobody", CanRevokeNotice(nil, published("admin")), notAuthor},
		{"revoke: admin, a bureau notice", CanRevokeNotice(admin, bureau), refusal{EFORBIDDEN, "permission.notice.revoke_bureau"}},
		{"revoke: a draft", CanRevokeNotice(admin, draft), refusal{ECONFLICT, "storage.notice.error.revoke_draft"}},
		{"revoke: a revoked notice", CanRevokeNotice(admin, revoked), refusal{ECONFLICT, "storage.notice.error.already_revoked"}},

		{"bureau: admin", CanHandleBureauNotice(admin, bureau), allowed},
		{"bureau: principal", CanHandleBureauNotice(principal, bureau), allowed},
		{"bureau: teacher", CanHandleBureauNotice(own, bureau), notBureau},
		{"bureau: teacher of another class", CanHandleBureauNotice(other, bureau), notBureau},
		{"bureau: revoked", CanHandleBureauNotice(admin, bureauRevoked), refusal{ECONFLICT, "storage.notice.error.revoked"}},
		{"bureau: a school notice", CanHandleBureauNotice(admin, published("admin")), refusal{EINVALID, "storage.bureau.error.not_bureau"}},
		// a teacher learns nothing of the notice, not even its kind
		{"bureau: teacher, a school notice", CanHandleBureauNotice(own, published("admin")), notBureau},

		{"receipt: admin, a family", CanRecordReceipt(admin, published("admin"), family), allowed},
		{"receipt: principal, a staff member", CanRecordReceipt(principal, published("admin"), staff), allowed},
		{"receipt: teacher of the class", CanRecordReceipt(own, published("admin"), family), allowed},
		{"receipt: teacher of another class", CanRecordReceipt(other, published("admin"), family), notOwnClass},
		{"receipt: teacher, a staff member", CanRecordReceipt(own, published("admin"), staff), notOwnClass},
		{"receipt: a revoked notice", CanRecordReceipt(admin, revoked, family), refusal{ECONFLICT, "storage.notice.error.record_revoked"}},

		{"homework: admin, another's", CanDeleteHomework(admin, fourClasses("wang")), allowed},
		{"homework: principal, another's", CanDeleteHomework(principal, fourClasses("admin")), notHomeworkAuthor},
		{"homework: teacher of the class, the admin's four-class", CanDeleteHomework(own, fourClasses("admin")), notHomeworkAuthor},
		{"homework: teacher, their own", CanDeleteHomework(own, fourClasses("wang")), allowed},
		{"homework: teacher of another class", CanDeleteHomework(other, fourClasses("wang")), notHomeworkAuthor},
		{"homework: nobody", CanDeleteHomework(nil, fourClasses("admin")), notHomeworkAuthor},

		{"form: admin, another's", CanCloseForm(admin, survey("wang")), allowed},
		{"form: principal, another's", CanCloseForm(principal, survey("admin")), notFormAuthor},
		{"form: teacher of the class, the admin's", CanCloseForm(own, survey("admin")), notFormAuthor},
		{"form: teacher, their own", CanCloseForm(own, survey("wang")), allowed},
		{"form: teacher of another class", CanCloseForm(other, survey("wang")), notFormAuthor},

		{"cancel leave: admin, a teacher's entry", CanCancelLeave(admin, leave(LeavePendingHead, "wang")), allowed},
		{"cancel leave: principal", CanCancelLeave(principal, leave(LeavePendingHead, "wang")), allowed},
		{"cancel leave: the teacher who entered it", CanCancelLeave(own, leave(LeavePendingHead, "wang")), allowed},
		{"cancel leave: head teacher, the admin's entry", CanCancelLeave(own, leave(LeavePendingHead, "admin")), notLeaveAuthor},
		{"cancel leave: teacher of another class", CanCancelLeave(other, leave(LeavePendingHead, "wang")), notLeaveAuthor},
		{"cancel leave: decided", CanCancelLeave(admin, leave(LeaveApproved, "admin")), decided},

		{"decide leave: head teacher, first step", CanDecideLeave(own, leave(LeavePendingHead, "admin")), allowed},
		{"decide leave: subject teacher of the class", CanDecideLeave(subject, leave(LeavePendingHead, "admin")), notHead},
		{"decide leave: teacher of another class", CanDecideLeave(other, leave(LeavePendingHead, "admin")), notHead},
		{"decide leave: no staff member, no head", CanDecideLeave(&Account{Username: "x", Role: RoleTeacher, ClassIDs: []int64{1}},
			&Leave{ClassID: 1, State: LeavePendingHead}), notHead},
		{"decide leave: admin, first step", CanDecideLeave(admin, leave(LeavePendingHead, "wang")), allowed},
		{"decide leave: principal, the school's step", CanDecideLeave(principal, leave(LeavePendingAdmin, "wang")), allowed},
		{"decide leave: head teacher, the school's step", CanDecideLeave(own, leave(LeavePendingAdmin, "wang")), refusal{EFORBIDDEN, "leave.error.not_admin"}},
		{"decide leave: decided", CanDecideLeave(admin, leave(LeaveRejected, "wang")), decided},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := allowed
			if tt.got != nil {
				var e *Error
				if !errors.As(tt.got, &e) {
					t.Fatalf("the rule returned %T %v, want an *Error the user can read", tt.got, tt.got)
				}
				got = refusal{e.Code, e.Key}
			}
			if got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
