package app

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"jxj/app/i18n"
)

// HubOrgUpdate is an edit of a school on the hub: nil fields stay as
// they are.
type HubOrgUpdate struct {
	Name     *string
	Kind     *OrgKind
	Township *string
}

// HubOrgRow is one row of the bureau's list of schools, with its cells as
// written; PlanHubOrgs checks them.
type HubOrgRow struct {
	Line     int // the row number as the spreadsheet shows it
	Name     string
	Kind     string // 小学, 九年一贯制, primary …: ParseOrgKind reads it
	Township string
}

// NodeStatus is what a school's node tells the hub about itself with each
// sync request: its program version and the operations the hub rejected
// that wait for someone at the school (its conflicts).
type NodeStatus struct {
	Version   string
	Conflicts int
}

// MaxNodeVersion is the longest version text the hub keeps.
const MaxNodeVersion = 64

// EnrolLetter is one school's enrolment letter: the school and its fresh
// one-time code.
type EnrolLetter struct {
	Org     HubOrg
	Code    string
	Expires time.Time
}

// EnrolLetters is what a letter run prints: where the hub is (and its
// certificate's fingerprint, when it has its own), one letter per school.
type EnrolLetters struct {
	HubURL      string
	Fingerprint string // "SHA256:…", or "" when the hub needs none
	Letters     []EnrolLetter
}

// HubOrgService is the bureau's work on its list of schools beyond adding,
// revoking and re-coding one (HubStore): editing, importing its list, the
// codes of enrolment letters, and what the schools' nodes report. Every
// change is written with its audit row.
type HubOrgService interface {
	// EditOrg changes a school's name, kind or township; an unknown id is
	// ENOTFOUND, a name+township another school has ECONFLICT.
	EditOrg(ctx context.Context, id int64, u HubOrgUpdate) (*HubOrg, error)
	// ImportOrgs plans the rows against the schools there are (matched by
	// name and township) and, unless dryRun, adds and updates them in one
	// transaction. Rejected rows change nothing. Imported schools get no
	// code: a letter run issues it.
	ImportOrgs(ctx context.Context, rows []HubOrgRow, dryRun bool) (*ImportPlan, error)
	// LetterCodes issues a fresh enrolment code for each school to print
	// a letter for: the chosen ids, or with none every school neither
	// enrolled nor revoked. A chosen school that is enrolled is ECONFLICT
	// unless reissue: its code would re-enrol it.
	LetterCodes(ctx context.Context, ids []int64, reissue bool) ([]EnrolLetter, error)
	// RecordNodeStatus keeps what a school's node reported about itself.
	RecordNodeStatus(ctx context.Context, orgID int64, s NodeStatus) error
}

// HubOrgSheets reads the bureau's list of schools and writes its template.
type HubOrgSheets interface {
	ReadHubOrgs(path string) ([]HubOrgRow, error)
	WriteHubOrgTemplate(path string) error
}

// EnrolLetterPrinter prints enrolment letters: one page per school.
type EnrolLetterPrinter interface {
	PrintEnrolLetters(path string, l EnrolLetters) error
}

// orgKindNames are the words a bureau's list uses for each kind, written
// as orgKindKey reduces them. The kinds' own names (primary …) and their
// labels in every language are accepted as well.
var orgKindNames = map[string]OrgKind{
	"小学": OrgPrimary, "完小": OrgPrimary, "完全小学": OrgPrimary, "中心小学": OrgPrimary,
	"初中": OrgMiddle, "初级中学": OrgMiddle,
	"九年一贯制": OrgNineYear, "九年一贯制学校": OrgNineYear, "九年一贯": OrgNineYear, "九年制": OrgNineYear, "九年制学校": OrgNineYear,
	"高中": OrgHigh, "高级中学": OrgHigh, "完全中学": OrgHigh, "完中": OrgHigh,
	"幼儿园": OrgKindergarten, "幼儿": OrgKindergarten, "学前": OrgKindergarten,
	"教学点":  OrgTeachingPoint,
	"培训机构": OrgTraining, "培训学校": OrgTraining, "校外培训机构": OrgTraining, "培训": OrgTraining,
}

// orgKindKey reduces a kind as written: narrow, lower case, no spaces.
func orgKindKey(s string) string {
	s = strings.ToLower(NarrowText(s))
	return strings.Join(strings.Fields(s), "")
}

// ParseOrgKind reads a kind as a bureau's list writes it: 小学, 九年一贯制,
// 教学点 …, its code (primary) or its label in any language.
func ParseOrgKind(s string) (OrgKind, bool) {
	key := orgKindKey(s)
	if k, ok := orgKindNames[key]; ok {
		return k, true
	}
	for _, k := range OrgKinds {
		if key == string(k) {
			return k, true
		}
		for _, lang := range i18n.Languages {
			if key == orgKindKey(i18n.TIn(lang, "org.kind."+string(k))) {
				return k, true
			}
		}
	}
	return "", false
}

// MaxTownshipLen is the longest township (学区) name, in characters.
const MaxTownshipLen = 32

// ValidateTownship checks a township's name; blank is allowed (a school
// of the county town may have none).
func ValidateTownship(t string) error {
	if utf8.RuneCountInString(t) > MaxTownshipLen {
		return Errorf(EINVALID, "orgs.error.township_long", MaxTownshipLen)
	}
	return nil
}

// ValidateHubOrg checks a school as the hub keeps it: a name, a kind, a
// township of sensible length.
func ValidateHubOrg(d HubOrgDraft) error {
	if err := ValidateSchoolName(d.Name); err != nil {
		return err
	}
	if !d.Kind.Valid() {
		return Errorf(EINVALID, "orgs.error.kind", string(d.Kind), OrgKindList())
	}
	return ValidateTownship(d.Township)
}

// OrgKindList is the kinds' labels in the current language, for messages.
func OrgKindList() string {
	labels := make([]string, len(OrgKinds))
	for i, k := range OrgKinds {
		labels[i] = i18n.T("org.kind." + string(k))
	}
	return strings.Join(labels, i18n.T("orgs.list_sep"))
}

// hubOrgKey is how an import matches a school: name and township.
type hubOrgKey struct{ name, township string }

// PlanHubOrgs plans an import of the bureau's list against the schools
// there are: a row whose name and township match a school updates its
// kind; a row whose name matches the one school of that name that has no
// township yet gives it the township; any other row adds a school. It
// returns the plan and, for each of its items, the school as it will be.
// A blank kind keeps a matched school's; a new school needs one.
func PlanHubOrgs(existing []*HubOrg, rows []HubOrgRow) (*ImportPlan, []HubOrgDraft) {
	byKey := make(map[hubOrgKey]*HubOrg, len(existing))
	byName := make(map[string][]*HubOrg)
	for _, o := range existing {
		byKey[hubOrgKey{o.Name, o.Township}] = o
		byName[o.Name] = append(byName[o.Name], o)
	}
	plan := &ImportPlan{}
	var drafts []HubOrgDraft
	seen := make(map[hubOrgKey]int) // the line that named it first
	claimed := make(map[int64]bool) // the schools rows matched
	for i, row := range rows {
		d := HubOrgDraft{Name: CleanName(row.Name), Township: CleanName(row.Township)}
		reject := func(e *Error) {
			plan.Rejected = append(plan.Rejected, RowProblem{Line: row.Line, Name: d.Name, Reason: e})
		}
		key := hubOrgKey{d.Name, d.Township}
		if first, dup := seen[key]; dup {
			reject(Errorf(EINVALID, "orgs.error.duplicate_row", first))
			continue
		}
		match := byKey[key]
		if match == nil && d.Township != "" {
			if same := byName[d.Name]; len(same) == 1 && same[0].Township == "" {
				match = same[0]
			}
		}
		if match != nil && claimed[match.ID] {
			match = nil // another row of the file is that school already
		}
		kindText := strings.TrimSpace(row.Kind)
		switch k, ok := ParseOrgKind(kindText); {
		case ok:
			d.Kind = k
		case kindText == "" && match != nil:
			d.Kind = match.Kind
		case kindText == "":
			reject(Errorf(EINVALID, "orgs.error.kind_missing", OrgKindList()))
			continue
		default:
			reject(Errorf(EINVALID, "orgs.error.kind", kindText, OrgKindList()))
			continue
		}
		if err := ValidateHubOrg(d); err != nil {
			var ae *Error
			errors.As(err, &ae) // ValidateHubOrg's errors are all *Error
			reject(ae)
			continue
		}
		seen[key] = row.Line
		it := PlanItem{Line: row.Line, Name: d.Name, Row: i, Action: ActionAdd}
		if match != nil {
			claimed[match.ID] = true
			it.MatchID, it.Action = match.ID, ActionUnchanged
			if match.Township != d.Township {
				it.Changes = append(it.Changes, Change{Field: "orgs.field.township", Old: match.Township, New: d.Township})
			}
			if match.Kind != d.Kind {
				it.Changes = append(it.Changes, Change{Field: "orgs.field.kind",
					Old: i18n.T("org.kind." + string(match.Kind)), New: i18n.T("org.kind." + string(d.Kind))})
			}
			if len(it.Changes) > 0 {
				it.Action = ActionUpdate
			}
		}
		switch it.Action {
		case ActionAdd:
			plan.Added++
		case ActionUpdate:
			plan.Updated++
		default:
			plan.Unchanged++
		}
		plan.Items = append(plan.Items, it)
		drafts = append(drafts, d)
	}
	return plan, drafts
}

// HubOrgTools are what the bureau's work on its schools needs besides the
// hub's store: the list's spreadsheets, the letters' printer, and how a
// hub's address and certificate fingerprint are read as typed.
type HubOrgTools struct {
	Sheets           HubOrgSheets
	Letters          EnrolLetterPrinter
	NormalizeHubURL  func(string) (string, error)
	ParseFingerprint func(string) (string, error)
}
