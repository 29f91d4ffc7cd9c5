package app

import "strings"

// Who may do what to a record. Each Can… rule returns nil when account a
// may take the action, or an *Error that says why not: EFORBIDDEN when
// a's role or classes do not allow it, ECONFLICT when the record's state
// allows it to nobody. The storage services refuse with these errors and
// the screens show an action only where its rule returns nil, so a
// button never offers what the service would refuse.
//
// What a role may do school-wide (accounts, settings, imports, backups)
// is RequireAdmin and Account.ReadsAll; which students an account sees is
// Account.TeachesClass.

// CanRevokeNotice: a published notice of the school, by its author, an
// admin or the principal. A bureau notice is the bureau's to revoke.
func CanRevokeNotice(a *Account, n *Notice) error {
	switch {
	case n.State == NoticeStateDraft:
		return Errorf(ECONFLICT, "storage.notice.error.revoke_draft", n.Title)
	case n.State == NoticeStateRevoked:
		return Errorf(ECONFLICT, "storage.notice.error.already_revoked", n.Title)
	case n.Bureau:
		return Errorf(EFORBIDDEN, "permission.notice.revoke_bureau", n.Title)
	case !a.ReadsAll() && !createdBy(a, n.CreatedBy):
		return Errorf(EFORBIDDEN, "storage.notice.error.revoke_forbidden", n.Title)
	}
	return nil
}

// CanHandleBureauNotice: confirming a bureau notice and forwarding it to
// families, by an admin or the principal, while it is not revoked.
func CanHandleBureauNotice(a *Account, n *Notice) error {
	switch {
	case !a.ReadsAll():
		return Errorf(EFORBIDDEN, "storage.bureau.error.forbidden")
	case !n.Bureau:
		return Errorf(EINVALID, "storage.bureau.error.not_bureau", n.Title)
	case n.State == NoticeStateRevoked:
		return Errorf(ECONFLICT, "storage.notice.error.revoked", n.Title)
	}
	return nil
}

// CanRecordReceipt: recording a family's (or a staff member's) receipt
// of a notice, by an admin or the principal on any, by a teacher on
// their own classes' students; on a revoked notice by nobody.
func CanRecordReceipt(a *Account, n *Notice, r *Receipt) error {
	if !a.ReadsAll() && (r.StaffID != 0 || !a.TeachesClass(r.ClassID)) {
		return Errorf(EFORBIDDEN, "storage.notice.error.record_forbidden", r.Name())
	}
	if n.State == NoticeStateRevoked {
		return Errorf(ECONFLICT, "storage.notice.error.record_revoked", n.Title)
	}
	return nil
}

// CanDeleteHomework: deleting a homework with its completion records, by
// the teacher who assigned it or an admin.
func CanDeleteHomework(a *Account, h *Homework) error {
	if !a.IsAdmin() && !createdBy(a, h.CreatedBy) {
		return Errorf(EFORBIDDEN, "storage.homework.error.delete_forbidden")
	}
	return nil
}

// CanCloseForm: closing a survey, chain or check-in to answers, by whoever
// created it or an admin.
func CanCloseForm(a *Account, f *Form) error {
	if !a.IsAdmin() && !createdBy(a, f.CreatedBy) {
		return Errorf(EFORBIDDEN, "storage.form.error.close_forbidden")
	}
	return nil
}

// CanCancelLeave: withdrawing a request still waiting, by whoever entered
// it, an admin or the principal.
func CanCancelLeave(a *Account, l *Leave) error {
	switch {
	case !l.State.Pending():
		return Errorf(ECONFLICT, "leave.error.decided")
	case !a.ReadsAll() && !createdBy(a, l.CreatedBy):
		return Errorf(EFORBIDDEN, "storage.leave.error.cancel_forbidden")
	}
	return nil
}

// CanDecideLeave: approving or rejecting a request now, by the rule of
// NextLeaveState: the student's head teacher first, an admin or the
// principal at any step.
func CanDecideLeave(a *Account, l *Leave) error {
	// the school's limit of days changes where an approval leads, never
	// who may decide
	_, err := NextLeaveState(a, l.HeadedBy(a), l.State, l.Days(), 0, false)
	return err
}

// createdBy reports whether a is the account whose username a record
// keeps as its creator.
func createdBy(a *Account, username string) bool {
	return a != nil && strings.EqualFold(a.Username, username)
}
