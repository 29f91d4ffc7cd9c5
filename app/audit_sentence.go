package app

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"jxj/app/i18n"
)

// Each action storage writes to the audit log has a kind and a sentence,
// "audit.sentence.<action>" in the catalogs: its first argument is who,
// the others come from the entry by the action's args. A test lists the
// actions in storage's source and fails on one missing here.
var auditActions = map[string]struct {
	kind AuditKind
	args func(r auditRecord) []any
}{
	"notice.create":         {AuditNotices, func(r auditRecord) []any { return []any{r.object("title")} }},
	"notice.update":         {AuditNotices, func(r auditRecord) []any { return []any{r.object("title")} }},
	"notice.publish":        {AuditNotices, func(r auditRecord) []any { return []any{r.object("title"), r.audience(), r.num("receipts")} }},
	"notice.revoke":         {AuditNotices, func(r auditRecord) []any { return []any{r.object("title")} }},
	"notice.bureau_confirm": {AuditNotices, func(r auditRecord) []any { return []any{r.object("")} }},
	"notice.bureau_forward": {AuditNotices, func(r auditRecord) []any { return []any{r.object(""), r.audience(), r.num("receipts")} }},
	"receipt.slip": {AuditNotices, func(r auditRecord) []any {
		return []any{r.object(""), r.name("receipt:"+r.d["receipt"], ""), r.d["code"]}
	}},
	"receipt.mark":   {AuditNotices, func(r auditRecord) []any { return []any{r.object(""), r.num("marked")} }},
	"receipt.import": {AuditNotices, func(r auditRecord) []any { return []any{r.object(""), r.num("acked"), r.num("already")} }},
	// the bureau's surveys and reminders (bureau_survey.go)
	"bureau_survey.answer":  {AuditNotices, func(r auditRecord) []any { return []any{r.object("title"), r.num("version_no")} }},
	"bureau_survey.dismiss": {AuditNotices, func(r auditRecord) []any { return []any{r.object("title")} }},
	// the school's requests to the bureau (request.go)
	"request.save":     {AuditNotices, func(r auditRecord) []any { return []any{r.object("title")} }},
	"request.submit":   {AuditNotices, func(r auditRecord) []any { return []any{r.object("title")} }},
	"request.withdraw": {AuditNotices, func(r auditRecord) []any { return []any{r.object("title")} }},
	"request.dismiss":  {AuditNotices, func(r auditRecord) []any { return []any{r.object("title")} }},
	"request.delete":   {AuditNotices, func(r auditRecord) []any { return []any{r.object("title")} }},
	// the bureau's open courses (course.go)
	"course.import":   {AuditNotices, func(r auditRecord) []any { return []any{r.object("title"), r.num("written"), r.num("kept")} }},
	"course.file":     {AuditNotices, func(r auditRecord) []any { return []any{r.d["name"]} }},
	"course.settings": {AuditSettings, func(r auditRecord) []any { return []any{r.num("bandwidth"), r.d["class_hours"]} }},

	"homework.assign":     {AuditHomework, func(r auditRecord) []any { return []any{r.homework(), r.classes()} }},
	"homework.completion": {AuditHomework, func(r auditRecord) []any { return []any{r.homework(), r.num("students")} }},
	"homework.delete":     {AuditHomework, func(r auditRecord) []any { return []any{r.homework()} }},

	"form.create": {AuditForms, func(r auditRecord) []any {
		return []any{r.object("title"), i18n.T("form.kind." + r.d["kind"]), r.classes()}
	}},
	"form.answer": {AuditForms, func(r auditRecord) []any { return []any{r.object(""), r.student()} }},
	"form.clear":  {AuditForms, func(r auditRecord) []any { return []any{r.object(""), r.student()} }},
	"form.import": {AuditForms, func(r auditRecord) []any { return []any{r.object(""), r.num("saved"), r.num("unchanged")} }},
	"form.close":  {AuditForms, func(r auditRecord) []any { return []any{r.object("title"), r.d["answered"]} }},
	"exam.create": {AuditGrades, func(r auditRecord) []any { return []any{r.object("name"), r.num("classes"), r.num("subjects")} }},
	"exam.scores": {AuditGrades, func(r auditRecord) []any { return []any{r.object(""), r.num("cells")} }},
	"exam.import": {AuditGrades, func(r auditRecord) []any {
		return []any{r.object(""), r.num("saved"), r.num("unchanged"), r.num("rejected")}
	}},

	"attendance.save": {AuditAttendance, func(r auditRecord) []any {
		return []any{r.object(""), r.d["day"], r.session(), r.num("students"), r.num("marked")}
	}},
	"attendance.settings": {AuditAttendance, func(r auditRecord) []any {
		return []any{r.rollCalls(), r.num("alert_days"), r.num("leave_admin_days")}
	}},
	"leave.request": {AuditAttendance, func(r auditRecord) []any {
		return []any{r.object("student"), i18n.T("mark." + r.d["kind"]), r.d["from"], r.d["to"]}
	}},
	"leave.approve": {AuditAttendance, func(r auditRecord) []any { return []any{r.object(""), r.leaveDecision()} }},
	"leave.reject":  {AuditAttendance, func(r auditRecord) []any { return []any{r.object(""), r.leaveDecision()} }},
	"leave.cancel":  {AuditAttendance, func(r auditRecord) []any { return []any{r.object("")} }},

	"roster.import": {AuditRoster, func(r auditRecord) []any { return r.plan() }},
	"class.import":  {AuditRoster, func(r auditRecord) []any { return r.plan() }},
	"staff.import":  {AuditRoster, func(r auditRecord) []any { return r.plan() }},
	"student.status": {AuditRoster, func(r auditRecord) []any {
		return []any{r.object(""), r.status("from"), r.status("to"), r.statusMore()}
	}},
	"year.rollover": {AuditRoster, func(r auditRecord) []any {
		return []any{SchoolYearName(r.num("to")), r.num("classes"), r.num("graduated")}
	}},

	"account.create": {AuditAccounts, func(r auditRecord) []any {
		return []any{r.d["username"], r.role(), optional("audit.account.staff", r.staff())}
	}},
	"account.update":   {AuditAccounts, func(r auditRecord) []any { return []any{r.d["username"], r.accountChanges()} }},
	"account.password": {AuditAccounts, func(r auditRecord) []any { return []any{r.d["username"]} }},
	"account.unlock":   {AuditAccounts, func(r auditRecord) []any { return []any{r.d["username"]} }},
	"account.recover":  {AuditAccounts, func(r auditRecord) []any { return []any{r.d["username"]} }},
	"account.login": {AuditAccounts, func(r auditRecord) []any {
		return []any{r.d["username"], r.count("audit.account.after_failures", "after_failures")}
	}},
	"account.login_failed": {AuditAccounts, func(r auditRecord) []any { return []any{r.d["username"], r.num("failures")} }},
	"account.locked":       {AuditAccounts, func(r auditRecord) []any { return []any{r.d["username"], r.num("failures"), r.time("until")} }},

	"data.export": {AuditExports, func(r auditRecord) []any { return []any{ExportLabel(r.d["what"]), r.num("rows"), r.d["file"]} }},

	"sync.enrol":    {AuditSync, func(r auditRecord) []any { return []any{r.d["hub"]} }},
	"sync.interval": {AuditSync, func(r auditRecord) []any { return []any{r.minutes()} }},
	"sync.feed":     {AuditSync, func(r auditRecord) []any { return []any{r.num("records")} }},
	"sync.epoch":    {AuditSync, func(r auditRecord) []any { return nil }},
	"sync.restore":  {AuditSync, func(r auditRecord) []any { return nil }},
	"sync.catchup":  {AuditSync, func(r auditRecord) []any { return []any{r.num("receipts")} }},
	"sync.days":     {AuditSync, func(r auditRecord) []any { return []any{r.num("days")} }},
	"sync.file":     {AuditSync, func(r auditRecord) []any { return []any{r.d["name"]} }}, // a bureau notice's file arrived

	"backup.create": {AuditBackups, func(r auditRecord) []any { return []any{r.d["file"]} }},
	"backup.auto":   {AuditBackups, func(r auditRecord) []any { return []any{r.d["file"]} }},
	"backup.restore": {AuditBackups, func(r auditRecord) []any {
		return []any{r.d["file"], r.count("audit.backup.missing", "attachments_missing")}
	}},
	"backup.days": {AuditBackups, func(r auditRecord) []any { return []any{r.num("days")} }},

	"org.setup":          {AuditSettings, func(r auditRecord) []any { return r.school() }},
	"org.setup_existing": {AuditSettings, func(r auditRecord) []any { return r.school() }},
	"org.create":         {AuditSettings, func(r auditRecord) []any { return r.school() }},
	"settings.idle_lock": {AuditSettings, func(r auditRecord) []any { return []any{r.num("minutes")} }},
	"cockpit.size_lines": {AuditSettings, func(r auditRecord) []any { return []any{r.num("standard"), r.num("large"), r.num("huge")} }},
}

// AuditActions lists the actions that have a sentence, sorted; those of
// kind k alone when k is not "".
func AuditActions(k AuditKind) []string {
	var out []string
	for action, a := range auditActions {
		if k == "" || a.kind == k {
			out = append(out, action)
		}
	}
	slices.Sort(out)
	return out
}

// Kind is the group the entry's action belongs to; "" for an action
// without a sentence.
func (e *AuditEntry) Kind() AuditKind { return auditActions[e.Action].kind }

// Person is who made the change, as the records name them.
func (e *AuditEntry) Person() string {
	who := e.Who
	if who.Username == "" {
		who.Username = e.Actor
	}
	return who.Label()
}

// Sentence says what happened in the user's language: who did what to
// what, e.g. 王芳（教师）发布了通知《家长会》，发给三年级2班（45 份回执）.
// The things it names are called what they are called now (Names), or,
// when they are gone, what the entry stored, or their id.
func (e *AuditEntry) Sentence() string {
	a, ok := auditActions[e.Action]
	if !ok {
		return i18n.T("audit.sentence.unknown", e.Person(), e.Action, strings.TrimSpace(e.Target+" "+e.Detail))
	}
	r := auditRecord{e: e, d: parseAuditDetail(e.Detail)}
	return i18n.T("audit.sentence."+e.Action, append([]any{e.Person()}, a.args(r)...)...)
}

// Refs lists what the entry names by id, for the reader to look up into
// Names: its target ("notice:3", "leave:7"), and the classes, staff,
// students and receipts its detail names ("class:5", "receipt:<uuid>").
func (e *AuditEntry) Refs() []string {
	var refs []string
	if strings.Contains(e.Target, ":") {
		refs = append(refs, e.Target)
	}
	d := parseAuditDetail(e.Detail)
	for _, id := range detailIDs(d["classes"]) {
		refs = append(refs, "class:"+strconv.FormatInt(id, 10))
	}
	if t, err := ParseTarget(d["target"]); err == nil {
		for _, id := range t.ClassIDs {
			refs = append(refs, "class:"+strconv.FormatInt(id, 10))
		}
	}
	for _, key := range []string{"class", "staff", "student"} {
		if ids := detailIDs(d[key]); len(ids) == 1 {
			refs = append(refs, key+":"+strconv.FormatInt(ids[0], 10))
		}
	}
	if d["receipt"] != "" {
		refs = append(refs, "receipt:"+d["receipt"])
	}
	return refs
}

// ExportLabel names a kind of file of personal data (Export.What) in the
// user's language: 通讯录, 催交名单 ….
func ExportLabel(what string) string {
	key := "audit.export." + what
	if !i18n.Has(i18n.Language(), key) {
		return what
	}
	return i18n.T(key)
}

// auditDetailKey finds the keys of a stored detail: "key=value" parts
// separated by spaces or "; ". A value may hold spaces (a title).
var auditDetailKey = regexp.MustCompile(`(?:^|[ ;]\s*)([a-z_]+)=`)

// parseAuditDetail reads a stored detail into its keys and values.
func parseAuditDetail(s string) map[string]string {
	d := make(map[string]string)
	keys := auditDetailKey.FindAllStringSubmatchIndex(s, -1)
	for i, k := range keys {
		end := len(s)
		if i+1 < len(keys) {
			end = keys[i+1][0]
		}
		d[s[k[2]:k[3]]] = s[k[1]:end]
	}
	return d
}

// detailIDs reads a comma-separated list of ids; nil when any part is not
// one.
func detailIDs(s string) []int64 {
	if s == "" {
		return nil
	}
	var ids []int64
	for part := range strings.SplitSeq(s, ",") {
		id, err := strconv.ParseInt(part, 10, 64)
		if err != nil || id <= 0 {
			return nil
		}
		ids = append(ids, id)
	}
	return ids
}

// auditRecord is an entry with its detail read, for its sentence's
// arguments.
type auditRecord struct {
	e *AuditEntry
	d map[string]string
}

func (r auditRecord) num(key string) int {
	n, _ := strconv.Atoi(r.d[key])
	return n
}

// name is what ref is called now; stored (what the entry kept) when it
// is gone, else the ref's id.
func (r auditRecord) name(ref, stored string) string {
	if n, ok := r.e.Names[ref]; ok {
		return n
	}
	if stored != "" {
		return stored
	}
	_, id, _ := strings.Cut(ref, ":")
	return "#" + id
}

// object is the name of the entry's target; the detail's key holds the
// name it had when the entry was written.
func (r auditRecord) object(key string) string {
	stored := ""
	if key != "" {
		stored = r.d[key]
	}
	return r.name(r.e.Target, stored)
}

// labels are the names of the classes among Names.
func (r auditRecord) labels(ids []int64) map[int64]string {
	m := make(map[int64]string, len(ids))
	for _, id := range ids {
		if n, ok := r.e.Names["class:"+strconv.FormatInt(id, 10)]; ok {
			m[id] = n
		}
	}
	return m
}

// audience is whom a notice went to: 全校, 三年级2班 ….
func (r auditRecord) audience() string {
	t, err := ParseTarget(r.d["target"])
	if err != nil {
		return r.d["target"]
	}
	return t.Summary(r.labels(t.ClassIDs))
}

// classes are the classes of a homework or form.
func (r auditRecord) classes() string {
	ids := detailIDs(r.d["classes"])
	return Target{ClassIDs: ids}.Summary(r.labels(ids))
}

// homework is a homework's subject and due day.
func (r auditRecord) homework() string {
	if n, ok := r.e.Names[r.e.Target]; ok {
		return n
	}
	if r.d["subject"] != "" {
		return HomeworkLabel(r.d["subject"], r.d["due"])
	}
	return r.name(r.e.Target, "")
}

// HomeworkLabel names a homework in the records: its subject and due day.
func HomeworkLabel(subject, due string) string {
	return i18n.T("audit.homework", subject, due)
}

func (r auditRecord) student() string { return r.name("student:"+r.d["student"], "") }

func (r auditRecord) session() string {
	if s := r.d["session"]; s == "am" || s == "pm" {
		return i18n.T("audit.session." + s)
	}
	return ""
}

// rollCalls is the roll calls a day in words.
func (r auditRecord) rollCalls() string {
	if r.d["split"] == "true" {
		return i18n.T("audit.attendance.split")
	}
	return i18n.T("audit.attendance.whole_day")
}

// leaveDecision is what follows an approval or refusal: sent on to the
// school, and the note.
func (r auditRecord) leaveDecision() string {
	var s string
	if r.d["state"] == "pending_admin" {
		s = i18n.T("audit.leave.to_admin")
	}
	return s + r.note()
}

func (r auditRecord) note() string { return optional("audit.note", strings.TrimSpace(r.d["note"])) }

// count is the text of key with the number under detail, or "" when
// it is 0.
func (r auditRecord) count(key, detail string) string {
	if n := r.num(detail); n != 0 {
		return i18n.T(key, n)
	}
	return ""
}

// optional is the text of key with v, or "" when v is "": a part of a
// sentence that only some entries have.
func optional(key, v string) string {
	if v == "" {
		return ""
	}
	return i18n.T(key, v)
}

func (r auditRecord) status(key string) string { return StudentStatus(r.d[key]).Label() }

// statusMore is the class a student joined and the note of a change of
// status.
func (r auditRecord) statusMore() string {
	var class string
	if r.d["class"] != "" {
		class = r.name("class:"+r.d["class"], "")
	}
	return optional("audit.student.class", class) + r.note()
}

// plan is the counts of an import.
func (r auditRecord) plan() []any {
	return []any{r.num("added"), r.num("updated"), r.num("unchanged"), r.num("rejected")}
}

func (r auditRecord) role() string { return i18n.T("role." + r.d["role"]) }

// staff is the name of the staff member an account is linked to; ""
// for none.
func (r auditRecord) staff() string {
	if detailIDs(r.d["staff"]) == nil {
		return ""
	}
	return r.name("staff:"+r.d["staff"], "")
}

// accountChanges says what an account update changed.
func (r auditRecord) accountChanges() string {
	var parts []string
	if r.d["role"] != "" {
		parts = append(parts, i18n.T("audit.account.role", r.role()))
	}
	if _, ok := r.d["staff"]; ok {
		if staff := r.staff(); staff != "" {
			parts = append(parts, i18n.T("audit.account.linked", staff))
		} else {
			parts = append(parts, i18n.T("audit.account.unlinked"))
		}
	}
	switch r.d["disabled"] {
	case "true":
		parts = append(parts, i18n.T("audit.account.disabled"))
	case "false":
		parts = append(parts, i18n.T("audit.account.enabled"))
	}
	return strings.Join(parts, i18n.T("audit.sep"))
}

// time is a stored time as local day and minute.
func (r auditRecord) time(key string) string {
	t, err := time.Parse(time.RFC3339Nano, r.d[key])
	if err != nil {
		return r.d[key]
	}
	return FormatMinute(t)
}

// minutes is a stored duration (the sync interval: "1h0m0s") in minutes.
func (r auditRecord) minutes() int {
	d, err := time.ParseDuration(strings.TrimSpace(r.e.Detail))
	if err != nil {
		return 0
	}
	return int(d / time.Minute)
}

// school is the name and kind of the school set up.
func (r auditRecord) school() []any {
	kind, demo := strings.CutSuffix(r.d["kind"], " demo")
	kindName := i18n.T("org.kind." + kind)
	if demo {
		kindName = i18n.T("audit.org.demo", kindName)
	}
	return []any{r.d["name"], kindName}
}
