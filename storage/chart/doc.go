// Package chart draws jxj's charts (app.Chart: lines, columns, horizontal
// bars, grouped or stacked, percentages, marked values) as PNG images,
// with github.com/go-analyze/charts and the bundled Chinese font, in the
// colours of the light or dark theme. It implements app.ChartRenderer.
//
// The library lays out and draws the axes, legend, bars and lines; the
// renderer decides the sizes (labels that fit, a round value axis) and
// draws the title and the marks itself (see marks.go for why).
//
// It imports app, app/linebreak and assets only: no SQL, no Fyne.
package chart
