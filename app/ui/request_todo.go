package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"jxj/app"
	"jxj/app/i18n"
)

// A request the bureau decided shows on the workbench's to-do list of
// those who oversee the school (app.RequestTodo): its decision as the
// badge, and under the title its type, the day and the opinion. The
// line opens the request on the 局校申报 page (requests.go).

// requestTodoMeta is the line under a decided request's title.
func requestTodoMeta(it app.TodoItem) string {
	opinion := it.Request.Opinion
	if opinion == "" {
		opinion = i18n.T("approvals.todo.no_opinion")
	}
	return i18n.T("approvals.todo.meta", app.TypeLabel(it.Request.Type), app.FormatDate(it.Request.DecidedAt.Local()), opinion)
}

// requestTodoIcon tells approved from rejected at a glance.
func requestTodoIcon(it app.TodoItem) fyne.Resource {
	if it.Request.State == app.RequestRejected {
		return theme.CancelIcon()
	}
	return theme.ConfirmIcon()
}
