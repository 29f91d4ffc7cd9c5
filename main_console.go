package main

import (
	"log"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/ui"
	"jxj/storage"
	"jxj/storage/chart"
	"jxj/storage/console"
	"jxj/storage/pdf"
	"jxj/storage/xlsx"
	jxjsync "jxj/sync"
)

// startConsoleIfKept opens the bureau console when the data folder is the
// console's (console.json, written at the first run's 教育局); it reports
// whether it did.
func (g *gui) startConsoleIfKept() (bool, error) {
	cfg, ok, err := console.Files{Dir: g.dir}.Load()
	if err != nil || !ok {
		return false, err
	}
	g.startConsole(cfg)
	return true, nil
}

// startConsole shows the bureau console in the window, over the hub's
// client with the offline copy in the data folder.
func (g *gui) startConsole(cfg app.ConsoleConfig) {
	files := console.Files{Dir: g.dir}
	ui.StartConsole(g.app, g.win, ui.ConsoleOptions{
		Console: files.Cache(jxjsync.NewConsoleClient()), Config: cfg,
		SaveConfig: files.Save, Forget: files.Forget, OnForgotten: g.consoleForgotten,
		WriteNoticeStatus: xlsx.New().WriteNoticeStatus,
		WriteSurveyStatus: xlsx.New().WriteSurveyStatus,
		DataDir:           g.dir, Version: version,
		Charts:    chart.New(),
		OrgSheets: xlsx.New(), OrgLetters: pdf.New(),
	})
}

// toConsole is the first run's 教育局: the school opened for the first
// run closes (it holds nothing yet), console.json marks the folder as the
// console's, and the console asks for its hub.
func (g *gui) toConsole() {
	if err := (console.Files{Dir: g.dir}).Save(app.ConsoleConfig{}); err != nil {
		g.ui.Env().ShowError(err)
		return
	}
	if cur := g.school(); cur != nil {
		cur.close()
	}
	g.mu.Lock()
	g.cur = nil
	g.mu.Unlock()
	g.startConsole(app.ConsoleConfig{})
}

// consoleForgotten goes back from the console to the first run's choice:
// the school's data opens as at a first start.
func (g *gui) consoleForgotten() {
	cur, err := openSchool(g.ctx, g.dir)
	if err != nil {
		log.Printf("jxj: %s", i18n.ForLog(err))
		ui.ShowRecovery(g.app, g.win, ui.RecoveryOptions{Err: err, Latest: storage.LatestBackup(g.dir),
			Restore: g.recover, Started: g.start, Quit: g.app.Quit})
		return
	}
	g.mu.Lock()
	g.cur = cur
	g.mu.Unlock()
	g.start()
}
