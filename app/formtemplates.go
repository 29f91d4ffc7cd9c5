package app

// FormTemplates returns the built-in form templates, their texts in the
// language of tr (i18n.T), so an English UI starts from English forms.
// The builder adds the classes, and a check-in's first and last day.
// They ask only what the school's work needs: no phone numbers, no ID
// numbers, no jobs.
func FormTemplates(tr func(key string, args ...any) string) []FormDraft {
	return []FormDraft{
		{
			Kind:        FormSurvey,
			Title:       tr("formtemplate.winter.title"),
			Description: tr("formtemplate.winter.description"),
			Fields: []Field{
				{Label: tr("formtemplate.winter.where"), Type: FieldChoice, Required: true, Options: []string{
					tr("formtemplate.winter.where.local"),
					tr("formtemplate.winter.where.province"),
					tr("formtemplate.winter.where.outside"),
				}},
				{Label: tr("formtemplate.winter.destination"), Type: FieldText},
				{Label: tr("formtemplate.winter.return"), Type: FieldDate},
			},
		},
		{
			Kind:        FormSurvey,
			Title:       tr("formtemplate.meeting.title"),
			Description: tr("formtemplate.meeting.description"),
			Fields: []Field{
				{Label: tr("formtemplate.meeting.attend"), Type: FieldYesNo, Required: true},
				{Label: tr("formtemplate.meeting.who"), Type: FieldChoice, Options: []string{
					tr("formtemplate.meeting.who.father"),
					tr("formtemplate.meeting.who.mother"),
					tr("formtemplate.meeting.who.grandparent"),
					tr("formtemplate.meeting.who.other"),
				}},
				{Label: tr("formtemplate.meeting.people"), Type: FieldNumber},
			},
		},
		{
			Kind:        FormSurvey,
			Title:       tr("formtemplate.uniform.title"),
			Description: tr("formtemplate.uniform.description"),
			Fields: []Field{
				{Label: tr("formtemplate.uniform.size"), Type: FieldChoice, Required: true,
					Options: []string{"110", "120", "130", "140", "150", "160", "170", "180"}},
				{Label: tr("formtemplate.uniform.sets"), Type: FieldNumber},
			},
		},
		{
			Kind:        FormChain,
			Title:       tr("formtemplate.volunteer.title"),
			Description: tr("formtemplate.volunteer.description"),
			Fields: []Field{
				{Label: tr("formtemplate.volunteer.item"), Type: FieldChoice, Required: true, Options: []string{
					tr("formtemplate.volunteer.item.monday"),
					tr("formtemplate.volunteer.item.wednesday"),
					tr("formtemplate.volunteer.item.friday"),
					tr("formtemplate.volunteer.item.library"),
				}, Limits: []int{3, 3, 3, 2}},
				{Label: tr("formtemplate.volunteer.note"), Type: FieldText},
			},
		},
		{
			Kind:        FormCheckin,
			Title:       tr("formtemplate.reading.title"),
			Description: tr("formtemplate.reading.description"),
			Fields: []Field{
				{Label: tr("formtemplate.reading.done"), Type: FieldYesNo, Required: true},
				{Label: tr("formtemplate.reading.minutes"), Type: FieldNumber},
			},
		},
	}
}
