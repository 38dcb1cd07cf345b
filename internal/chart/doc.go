// Package chart renders accessible, server-side SVG charts for Corridor's
// pages: line charts over years (Line), horizontal and grouped bar charts
// (Bar), circular migration plots after Abel & Sander, Science 2014 (Chord)
// and world choropleth maps (Choropleth).
//
// The output is a standalone <svg> element with the SVG namespace, so the
// same bytes can be inlined in HTML or served as a .svg download. It obeys a
// strict Content Security Policy: no scripts, no <style> elements and no
// style attributes — only presentation attributes (fill, stroke, font-size,
// text-anchor, …). Every chart has role="img" and aria-labelledby naming its
// <title> and <desc>; when the caller gives no description, one summarising
// the data (largest values, in English) is generated. Marks carry <title>
// children, which browsers show as tooltips without JavaScript, and data-*
// attributes with the raw values.
//
// Colours are colour-blind safe: the Okabe–Ito palette for categories and
// ColorBrewer YlGnBu or Blues for map classes. Numbers are grouped per
// language with FormatNumber (en "1,234,567", fr "1 234 567" with a narrow
// no-break space, es "1.234.567").
//
// Output is deterministic: the same options give the same bytes. Element
// ids (for aria-labelledby and map countries) derive from Common.ID or, by
// default, from the chart kind and title; set ID when a page shows two
// charts of the same kind and title.
//
// The world map is Natural Earth 1:110m admin-0 countries (public domain),
// converted from the world-atlas TopoJSON by gen/gen.go into world.json; see
// SOURCE.md.
package chart
