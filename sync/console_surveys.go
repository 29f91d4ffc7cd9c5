package sync

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"jxj/app"
)

// The console's bureau surveys and 催办 reminders (PROTOCOL.md, "The
// bureau console's API"): both roles read them, and send them
// (app.BureauSendNotices).

// ConsoleSurvey is a bureau survey on the wire.
type ConsoleSurvey struct {
	ID          int64                `json:"id"`
	UUID        string               `json:"uuid"`
	Title       string               `json:"title"`
	Intro       string               `json:"intro,omitempty"`
	Questions   []app.SurveyQuestion `json:"questions"`
	Deadline    time.Time            `json:"deadline,omitzero"`
	PublishedAt time.Time            `json:"published_at"`
	RevokedAt   time.Time            `json:"revoked_at,omitzero"`
	Schools     int                  `json:"schools"`
	Answered    int                  `json:"answered"`
}

// ConsoleSurveyDraft is the body of POST surveys; no orgs means every
// school.
type ConsoleSurveyDraft struct {
	Title     string               `json:"title"`
	Intro     string               `json:"intro,omitempty"`
	Questions []app.SurveyQuestion `json:"questions"`
	Deadline  time.Time            `json:"deadline,omitzero"`
	Orgs      []int64              `json:"orgs,omitempty"`
}

// ConsoleSurveyStatus answers GET surveys/{ref}: each school's latest
// answer, and the schools not answered. The console sums the totals
// itself (app.SurveyTotals), as the hub does.
type ConsoleSurveyStatus struct {
	Survey      ConsoleSurvey         `json:"survey"`
	Schools     []ConsoleSurveySchool `json:"schools"`
	NotAnswered []ConsoleOrg          `json:"not_answered"`
}

// ConsoleSurveySchool is one school's state with a survey.
type ConsoleSurveySchool struct {
	Org        ConsoleOrg        `json:"org"`
	Delivered  bool              `json:"delivered"`
	AnsweredAt time.Time         `json:"answered_at,omitzero"`
	Versions   int               `json:"versions,omitempty"`
	Values     []app.SurveyValue `json:"values,omitempty"`
}

// ConsoleRemindRequest is the body of POST notices/{id}/remind and
// surveys/{id}/remind: the schools named, or none for those behind.
type ConsoleRemindRequest struct {
	Orgs       []int64 `json:"orgs,omitempty"`
	AckPercent int     `json:"ack_percent,omitempty"` // a notice's; 0: app.DefaultAckPercent
}

// ConsoleReminder answers a remind: the reminder and its schools.
type ConsoleReminder struct {
	ID      int64        `json:"id"`
	UUID    string       `json:"uuid"`
	Kind    string       `json:"kind"`
	Title   string       `json:"title"`
	SentAt  time.Time    `json:"sent_at"`
	Schools []ConsoleOrg `json:"schools"`
}

// ConsoleFile is a notice's file in its status.
type ConsoleFile struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Size int64  `json:"size"`
}

// consoleSurveyRoutes adds the surveys' and reminders' endpoints.
func (s *HubServer) consoleSurveyRoutes(mux *http.ServeMux) {
	get, post := "GET "+PathConsole, "POST "+PathConsole
	mux.HandleFunc(get+"surveys", s.bureau(app.BureauRead, s.consoleSurveys))
	mux.HandleFunc(post+"surveys", s.bureau(app.BureauSendNotices, s.consolePublishSurvey))
	mux.HandleFunc(get+"surveys/{ref}", s.bureau(app.BureauRead, s.consoleSurveyStatus))
	mux.HandleFunc(post+"surveys/{id}/revoke", s.bureau(app.BureauSendNotices, s.consoleRevokeSurvey))
	mux.HandleFunc(post+"surveys/{id}/remind", s.bureau(app.BureauSendNotices, s.consoleRemind(app.HubStore.RemindSurvey)))
	mux.HandleFunc(post+"notices/{id}/remind", s.bureau(app.BureauSendNotices, s.consoleRemind(app.HubStore.RemindNotice)))
}

func (s *HubServer) consoleSurveys(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	ss, err := s.store.Surveys(r.Context())
	replyAll(s, w, r, ss, err, consoleSurvey)
}

func (s *HubServer) consolePublishSurvey(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	var d ConsoleSurveyDraft
	if !s.decode(w, r, &d) {
		return
	}
	sv, err := s.store.PublishSurvey(r.Context(), app.SurveyDraft{Title: d.Title, Intro: d.Intro, Questions: d.Questions,
		Deadline: d.Deadline, Orgs: d.Orgs})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.reply(w, r, consoleSurvey(sv))
}

func (s *HubServer) consoleRevokeSurvey(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	sv, err := s.store.RevokeSurvey(r.Context(), id)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.reply(w, r, consoleSurvey(sv))
}

func (s *HubServer) consoleSurveyStatus(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
	st, err := s.store.SurveyStatus(r.Context(), r.PathValue("ref"))
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	out := ConsoleSurveyStatus{Survey: consoleSurvey(st.Survey), Schools: make([]ConsoleSurveySchool, len(st.Schools)),
		NotAnswered: make([]ConsoleOrg, len(st.NotAnswered))}
	for i, sc := range st.Schools {
		out.Schools[i] = ConsoleSurveySchool{Org: consoleOrg(&sc.Org), Delivered: sc.Delivered, AnsweredAt: sc.AnsweredAt,
			Versions: sc.Versions, Values: sc.Values}
	}
	for i := range st.NotAnswered {
		out.NotAnswered[i] = consoleOrg(&st.NotAnswered[i])
	}
	s.reply(w, r, out)
}

// consoleRemind sends a 催办 with remind (a notice's or a survey's).
func (s *HubServer) consoleRemind(remind func(app.HubStore, context.Context, app.RemindDraft) (*app.HubReminder, error)) func(http.ResponseWriter, *http.Request, *app.BureauAccount) {
	return func(w http.ResponseWriter, r *http.Request, _ *app.BureauAccount) {
		id, ok := s.pathID(w, r)
		var req ConsoleRemindRequest
		if !ok || !s.decode(w, r, &req) {
			return
		}
		rem, err := remind(s.store, r.Context(), app.RemindDraft{Ref: strconv.FormatInt(id, 10), Orgs: req.Orgs, AckPercent: req.AckPercent})
		if err != nil {
			s.failErr(w, r, err)
			return
		}
		out := ConsoleReminder{ID: rem.ID, UUID: rem.UUID, Kind: string(rem.Kind), Title: rem.Title, SentAt: rem.SentAt,
			Schools: make([]ConsoleOrg, len(rem.Schools))}
		for i := range rem.Schools {
			out.Schools[i] = consoleOrg(&rem.Schools[i])
		}
		s.reply(w, r, out)
	}
}

// consoleNoticeFiles lists a notice's files for its status.
func consoleNoticeFiles(fs []app.HubFile) []ConsoleFile {
	out := make([]ConsoleFile, len(fs))
	for i, f := range fs {
		out[i] = ConsoleFile{ID: f.ID, Name: f.Name, Size: f.Size}
	}
	return out
}

func consoleSurvey(sv *app.HubSurvey) ConsoleSurvey {
	return ConsoleSurvey{ID: sv.ID, UUID: sv.UUID, Title: sv.Title, Intro: sv.Intro, Questions: sv.Questions, Deadline: sv.Deadline,
		PublishedAt: sv.PublishedAt, RevokedAt: sv.RevokedAt, Schools: sv.Schools, Answered: sv.Answered}
}

func (sv ConsoleSurvey) app() *app.HubSurvey {
	return &app.HubSurvey{ID: sv.ID, UUID: sv.UUID, Title: sv.Title, Intro: sv.Intro, Questions: sv.Questions, Deadline: sv.Deadline,
		PublishedAt: sv.PublishedAt, RevokedAt: sv.RevokedAt, Schools: sv.Schools, Answered: sv.Answered}
}
