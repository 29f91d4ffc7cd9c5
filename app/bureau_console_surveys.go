package app

import (
	"strconv"
	"strings"
)

// BureauConsoleSurveys is the console's side of bureau surveys and 催办
// reminders: the hub's own (BureauSurveys), over the console's API.
// BureauConsole embeds it. A reminder the console sends names no sender:
// the school shows "the bureau"; the hub's audit names the account.
type BureauConsoleSurveys interface {
	BureauSurveys
}

// RemindBehind lists the schools (not revoked) a 催办 about a notice
// reaches at ackPercent: not confirmed, not forwarded, or (a notice
// asking for acknowledgements) fewer than ackPercent of its families
// acknowledged, as the hub counts them (storage's noticeBehind), so the
// console can say how many before it sends.
func RemindBehind(st *HubNoticeStatus, ackPercent int) []HubNoticeSchool {
	var out []HubNoticeSchool
	for _, s := range st.Schools {
		if s.Org.Revoked {
			continue
		}
		low := st.Notice.RequiresAck && (s.Families == 0 || 100*s.Acked < ackPercent*s.Families)
		if s.Confirmed.IsZero() || s.Forwarded.IsZero() || low {
			out = append(out, s)
		}
	}
	return out
}

// Display is an answer as read in a list: a number as typed (41, 2.5), the
// choices joined with sep, or the text; "" when blank.
func (v SurveyValue) Display(sep string) string {
	switch {
	case v.Number != nil:
		return strconv.FormatFloat(*v.Number, 'f', -1, 64)
	case len(v.Choices) > 0:
		return strings.Join(v.Choices, sep)
	}
	return v.Text
}
