package ui

import (
	"strconv"

	"jxj/app"
)

const consolePageSurveys = "surveys"

// consoleSurveys is 调查: the bureau's surveys, newest first, with how
// many schools answered; a survey opens its answers (consoleSurveyFollow);
// 新调查 opens the editor (consoleSurveyCompose).
type consoleSurveys struct {
	*sentList[*app.HubSurvey]

	// the sub-view open, for tests
	compose *consoleSurveyCompose
	follow  *consoleSurveyFollow
}

func newConsoleSurveys(u *ConsoleUI) *consoleSurveys {
	s := &consoleSurveys{}
	s.sentList = newSentList(u, sentKind[*app.HubSurvey]{
		title: "console_survey.nav", newLabel: "console_survey.new", countKey: "console_survey.count",
		countHeader: "console_survey.col.answered",
		fetch:       app.BureauConsole.Surveys,
		sent: func(sv *app.HubSurvey) sentItem {
			return sentItem{sv.Title, sv.PublishedAt, sv.Deadline, sv.RevokedAt, strconv.Itoa(sv.Answered) + " / " + strconv.Itoa(sv.Schools)}
		},
		open: s.Open, compose: s.Compose,
		closed: func() { s.compose, s.follow = nil, nil },
	})
	s.connectionChanged()
	return s
}

func (s *consoleSurveys) connectionChanged() {
	s.u.setActions(true, s.newB)
	if s.follow != nil {
		s.follow.actions()
	}
	if s.compose != nil {
		s.u.setActions(true, s.compose.sendB)
	}
}

// Compose opens the editor of a new survey.
func (s *consoleSurveys) Compose() {
	s.follow = nil
	s.compose = newConsoleSurveyCompose(s.u, s.back)
	s.page.setView(s.compose.Content())
	s.u.win.Canvas().Focus(s.compose.title)
}

// Open shows a survey's answers.
func (s *consoleSurveys) Open(sv *app.HubSurvey) {
	s.compose = nil
	s.follow = newConsoleSurveyFollow(s.u, sv, s.back)
	s.page.setView(s.follow.Content())
}
