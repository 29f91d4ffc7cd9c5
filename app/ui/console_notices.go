package ui

import (
	"strconv"

	"jxj/app"
)

// consoleNotices is 局校通知: the bureau's notices, newest first; a
// notice opens its progress per school (consoleFollow); 新通知 opens the
// editor (consoleCompose).
type consoleNotices struct {
	*sentList[*app.HubNotice]

	// the sub-view open, for tests
	compose *consoleCompose
	follow  *consoleFollow
}

func newConsoleNotices(u *ConsoleUI) *consoleNotices {
	s := &consoleNotices{}
	s.sentList = newSentList(u, sentKind[*app.HubNotice]{
		title: "bureau_console.nav.notices", newLabel: "bureau_console.notices.new", countKey: "bureau_console.notices.count",
		countHeader: "bureau_console.col.schools",
		fetch:       app.BureauConsole.Notices,
		sent: func(n *app.HubNotice) sentItem {
			return sentItem{n.Title, n.PublishedAt, n.Deadline, n.RevokedAt, strconv.Itoa(n.Schools)}
		},
		open: s.Open, compose: s.Compose,
		closed: func() { s.compose, s.follow = nil, nil },
	})
	s.connectionChanged()
	return s
}

func (s *consoleNotices) connectionChanged() {
	s.u.setActions(true, s.newB)
	if s.follow != nil {
		s.follow.actions()
	}
	if s.compose != nil {
		s.u.setActions(true, s.compose.sendB)
	}
}

// Compose opens the editor of a new notice.
func (s *consoleNotices) Compose() {
	s.follow = nil
	s.compose = newConsoleCompose(s.u, s.back)
	s.page.setView(s.compose.Content())
	s.u.win.Canvas().Focus(s.compose.title)
}

// Open shows a notice's progress per school.
func (s *consoleNotices) Open(n *app.HubNotice) {
	s.compose = nil
	s.follow = newConsoleFollow(s.u, n, s.back)
	s.page.setView(s.follow.Content())
}
