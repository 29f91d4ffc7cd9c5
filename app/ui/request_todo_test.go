package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"

	"jxj/app"
	"jxj/app/mock"
)

// A request the bureau decided shows on the workbench of the principal:
// its title, the decision as the badge, its type and the bureau's
// opinion under the title.
func TestWorkbenchDecidedRequest(t *testing.T) {
	svc := workbenchFakes()
	svc.Workbench = &mock.WorkbenchService{WorkbenchFn: func(context.Context) (*app.Workbench, error) {
		return app.BuildWorkbench(workbenchNow, app.WorkbenchData{
			Oversees: true,
			Requests: []*app.Request{{ID: 3, Type: app.RequestTrip, Title: "五年级赴县博物馆研学", State: app.RequestRejected,
				Opinion: "请补充安全预案", DecidedAt: workbenchNow}},
		}), nil
	}}
	_, w := newTestWorkbench(t, svc, (&workbenchCalls{}).actions(), runNow)
	w.Resize(fyne.NewSize(800, 600))
	texts := objectTexts(w.Content())
	for _, want := range []string{"五年级赴县博物馆研学", "驳回", "集体外出活动/研学报批 · " + app.FormatDate(workbenchNow) + " 审批 · 意见：请补充安全预案"} {
		if !containsText(texts, want) {
			t.Errorf("the to-do list does not show %q; it shows %q", want, texts)
		}
	}
}
