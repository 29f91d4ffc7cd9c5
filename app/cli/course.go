package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"jxj/app"
	"jxj/app/i18n"
)

// courseCommands are the commands of open courses (在线公开课), on the hub
// and at a school.
func courseCommands() []command {
	return []command{
		{"hub course publish", "course.cli.help.hub_publish", "jxj hub course publish --data DIR --title TITLE --subject SUBJECT --grades N[-M] [--desc TEXT] [--to all|ORG_ID,…] FILE…", runHubCoursePublish},
		{"hub course list", "course.cli.help.hub_list", "jxj hub course list --data DIR", runHubCourseList},
		{"hub course revoke", "course.cli.help.hub_revoke", "jxj hub course revoke --data DIR ID", runHubCourseRevoke},
		{"hub course status", "course.cli.help.hub_status", "jxj hub course status --data DIR ID", runHubCourseStatus},
		{"hub course export", "course.cli.help.hub_export", "jxj hub course export --data DIR --out FILE.jxjcourse ID", runHubCourseExport},
		{"course list", "course.cli.help.list", "jxj course list --data DIR [--subject SUBJECT] [--grade N]", runCourseList},
		{"course status", "course.cli.help.status", "jxj course status --data DIR", runCourseStatus},
		{"course import", "course.cli.help.import", "jxj course import --data DIR [--user NAME] FILE.jxjcourse", runCourseImport},
		{"course settings", "course.cli.help.settings", "jxj course settings --data DIR [--user NAME] [--bandwidth BYTES_PER_S] [--class-hours HH:MM-HH:MM,…]", runCourseSettings},
	}
}

// runHubCoursePublish publishes a course with its files; only its id
// goes to standard output.
func runHubCoursePublish(ctx context.Context, c *call) error {
	title := c.flags.String("title", "", i18n.T("course.cli.flag.title"))
	subject := c.flags.String("subject", "", i18n.T("course.cli.flag.subject"))
	grades := c.flags.String("grades", "", i18n.T("course.cli.flag.grades"))
	desc := c.flags.String("desc", "", i18n.T("course.cli.flag.desc"))
	to := c.flags.String("to", "all", i18n.T("cli.hub.flag.to"))
	if err := c.parseFlags(); err != nil {
		return err
	}
	for _, f := range []struct{ name, value string }{{"--title", *title}, {"--subject", *subject}, {"--grades", *grades}} {
		if strings.TrimSpace(f.value) == "" {
			return &usageError{i18n.T("cli.notice.error.required", f.name)}
		}
	}
	if c.flags.NArg() == 0 {
		return &usageError{i18n.T("course.cli.error.no_files")}
	}
	d := app.CourseDraft{Title: *title, Subject: *subject, Description: *desc, Files: c.flags.Args()}
	var err error
	if d.GradeFrom, d.GradeTo, err = app.ParseGrades(*grades); err != nil {
		return &usageError{i18n.Err(err)}
	}
	if *to != "all" {
		if d.Orgs, err = orgIDs(*to, "cli.hub.error.to"); err != nil {
			return err
		}
	}
	return c.withHub(ctx, c.flags.NArg(), func(ctx context.Context, hub app.HubStore) error {
		co, err := hub.PublishCourse(ctx, d)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.env.Stderr, i18n.T("course.cli.published", co.Title, co.ID, co.Schools, len(co.Files), mib(co.Size())))
		fmt.Fprintln(c.env.Stdout, co.ID)
		return nil
	})
}

// mib is n bytes in megabytes with one decimal, for people.
func mib(n int64) string { return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) }

// runHubCourseList lists the courses.
func runHubCourseList(ctx context.Context, c *call) error {
	return c.withHub(ctx, 0, func(ctx context.Context, hub app.HubStore) error {
		cs, err := hub.Courses(ctx)
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			c.printf("course.cli.list.empty")
			return nil
		}
		rows := make([][]string, len(cs))
		for i, co := range cs {
			state := i18n.T("cli.notice.state.published")
			if !co.RevokedAt.IsZero() {
				state = i18n.T("cli.notice.state.revoked")
			}
			rows[i] = []string{strconv.FormatInt(co.ID, 10), state, app.FormatDate(co.PublishedAt), co.Subject,
				app.GradeRangeName(co.GradeFrom, co.GradeTo), strconv.Itoa(len(co.Files)), mib(co.Size()),
				fmt.Sprintf("%d/%d", co.Ready, co.Schools), co.Title}
		}
		return writeTable(c.env.Stdout, i18n.T("course.cli.hub_list.header"), rows)
	})
}

// runHubCourseRevoke withdraws a course at every school.
func runHubCourseRevoke(ctx context.Context, c *call) error {
	id, err := c.idArg(1, 0, "course.cli.error.id")
	if err != nil {
		return err
	}
	return c.withHub(ctx, 1, func(ctx context.Context, hub app.HubStore) error {
		co, err := hub.RevokeCourse(ctx, id)
		if err != nil {
			return err
		}
		c.printf("course.cli.revoked", co.Title, co.Schools)
		return nil
	})
}

// runHubCourseStatus prints each school's report of a course.
func runHubCourseStatus(ctx context.Context, c *call) error {
	if err := c.parse(1); err != nil {
		return err
	}
	ref := c.flags.Arg(0)
	return c.withHub(ctx, 1, func(ctx context.Context, hub app.HubStore) error {
		st, err := hub.CourseStatus(ctx, ref)
		if err != nil {
			return err
		}
		co := st.Course
		c.printf("course.cli.status_title", co.Title, co.ID, co.UUID, co.Ready, co.Schools)
		rows := make([][]string, 0, len(st.Schools))
		for _, s := range st.Schools {
			delivered, ready, reported := "-", "-", "-"
			if s.Delivered {
				delivered = i18n.T("cli.yes")
			}
			if s.Ready {
				ready = i18n.T("cli.yes")
			}
			if !s.Reported.IsZero() {
				reported = app.FormatMinute(s.Reported)
			}
			rows = append(rows, []string{strconv.FormatInt(s.Org.ID, 10), s.Org.Name, delivered, ready,
				strconv.Itoa(s.Downloads), strconv.Itoa(s.Opens), reported})
		}
		return writeTable(c.env.Stdout, i18n.T("course.cli.status_header"), rows)
	})
}

// runHubCourseExport writes a course's package for a USB stick: to a
// .part beside --out, renamed once whole, so a stopped export never
// leaves a file that looks complete.
func runHubCourseExport(ctx context.Context, c *call) error {
	out := c.flags.String("out", "", i18n.T("course.cli.flag.out"))
	id, err := c.idArg(1, 0, "course.cli.error.id")
	if err != nil {
		return err
	}
	if strings.TrimSpace(*out) == "" {
		return &usageError{i18n.T("cli.notice.error.required", "--out")}
	}
	return c.withHub(ctx, 1, func(ctx context.Context, hub app.HubStore) error {
		f, err := os.CreateTemp(filepath.Dir(*out), "."+filepath.Base(*out)+".*.part")
		if err != nil {
			return app.Errorf(app.EINVALID, "course.error.export_create", *out, err)
		}
		defer os.Remove(f.Name()) // gone once renamed
		err = hub.ExportCourse(ctx, id, f)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil && cerr != nil {
			err = app.WrapError(cerr, "course.error.export_write", cerr)
		}
		if err != nil {
			return err
		}
		if err := os.Rename(f.Name(), *out); err != nil {
			return app.WrapError(err, "course.error.export_write", err)
		}
		c.printf("course.cli.exported", *out)
		return nil
	})
}

// runCourseList lists the school's courses, offline.
func runCourseList(ctx context.Context, c *call) error {
	subject := c.flags.String("subject", "", i18n.T("course.cli.flag.subject"))
	grade := c.flags.Int("grade", 0, i18n.T("course.cli.flag.grade"))
	if err := c.parse(0); err != nil {
		return err
	}
	if *grade != 0 && (*grade < app.MinGrade || *grade > app.MaxGrade) {
		return &usageError{i18n.T("course.cli.error.grade", *grade, app.MinGrade, app.MaxGrade)}
	}
	return c.withStatus(ctx, 0, func(ctx context.Context, svc app.Services) error {
		cs, err := svc.Courses.Courses(ctx, app.CourseFilter{Subject: strings.TrimSpace(*subject), Grade: *grade})
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			c.printf("course.cli.list.empty")
			return nil
		}
		rows := make([][]string, len(cs))
		for i, co := range cs {
			rows[i] = []string{co.UUID, co.Subject, app.GradeRangeName(co.GradeFrom, co.GradeTo), courseState(co), co.Title}
		}
		return writeTable(c.env.Stdout, i18n.T("course.cli.list.header"), rows)
	})
}

// courseState is a course's readiness in words: ready, or the share of
// its bytes the school has.
func courseState(co *app.SchoolCourse) string {
	if co.Ready() {
		return i18n.T("course.state.ready")
	}
	have, total := co.Progress()
	pct := 0
	if total > 0 {
		pct = int(have * 100 / total)
	}
	return i18n.T("course.state.progress", pct)
}

// runCourseStatus prints every file of every course with its state, and
// the download settings.
func runCourseStatus(ctx context.Context, c *call) error {
	return c.withStatus(ctx, 0, func(ctx context.Context, svc app.Services) error {
		cs, err := svc.Courses.Courses(ctx, app.CourseFilter{})
		if err != nil {
			return err
		}
		set, err := svc.Courses.CourseSettings(ctx)
		if err != nil {
			return err
		}
		c.printf("course.cli.settings", bandwidthText(set.Bandwidth), classHoursText(set.ClassHours))
		if len(cs) == 0 {
			c.printf("course.cli.list.empty")
			return nil
		}
		var rows [][]string
		for _, co := range cs {
			for _, f := range co.Files {
				rows = append(rows, []string{co.Title, f.Name, mib(f.Size), fileState(f), strconv.Itoa(f.Opens)})
			}
		}
		return writeTable(c.env.Stdout, i18n.T("course.cli.status.header"), rows)
	})
}

// fileState is a file's state in words, with its progress when partial.
func fileState(f app.SchoolCourseFile) string {
	if f.State == app.CourseFilePartial && f.Size > 0 {
		return i18n.T("course.state.progress", int(min(f.Have, f.Size)*100/f.Size))
	}
	return i18n.T("course.state." + string(f.State))
}

func bandwidthText(b int64) string {
	if b == 0 {
		return i18n.T("course.bandwidth.none")
	}
	return i18n.T("course.bandwidth.kbs", b/1024)
}

func classHoursText(s string) string {
	if s == "" {
		return i18n.T("course.class_hours.none")
	}
	return s
}

// runCourseImport imports a course package from a USB stick.
func runCourseImport(ctx context.Context, c *call) error {
	return c.withServices(ctx, 1, func(ctx context.Context, svc app.Services) error {
		r, err := svc.Courses.ImportCourse(ctx, c.flags.Arg(0))
		if err != nil {
			return err
		}
		c.printf("course.cli.imported", r.Course.Title, r.Written, r.Kept)
		return nil
	})
}

// runCourseSettings shows the download settings, or changes those given.
func runCourseSettings(ctx context.Context, c *call) error {
	bandwidth := c.flags.Int64("bandwidth", 0, i18n.T("course.cli.flag.bandwidth"))
	hours := c.flags.String("class-hours", "", i18n.T("course.cli.flag.class_hours"))
	if err := c.parse(0); err != nil {
		return err
	}
	set := map[string]bool{}
	c.flags.Visit(func(f *flag.Flag) { set[f.Name] = true })
	show := func(s app.CourseSettings) {
		c.printf("course.cli.settings", bandwidthText(s.Bandwidth), classHoursText(s.ClassHours))
	}
	if !set["bandwidth"] && !set["class-hours"] {
		return c.withStatus(ctx, 0, func(ctx context.Context, svc app.Services) error {
			s, err := svc.Courses.CourseSettings(ctx)
			if err == nil {
				show(s)
			}
			return err
		})
	}
	return c.withServices(ctx, 0, func(ctx context.Context, svc app.Services) error {
		s, err := svc.Courses.CourseSettings(ctx)
		if err != nil {
			return err
		}
		if set["bandwidth"] {
			s.Bandwidth = *bandwidth
		}
		if set["class-hours"] {
			s.ClassHours = strings.TrimSpace(*hours)
		}
		if err := svc.Courses.SetCourseSettings(ctx, s); err != nil {
			return err
		}
		show(s)
		return nil
	})
}
