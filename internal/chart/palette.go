package chart

// OkabeIto is the colour-blind-safe categorical palette of Okabe & Ito
// (2008), without black: orange, sky blue, bluish green, blue, vermillion,
// reddish purple, yellow (last, as it is faint on white). Beyond seven
// categories it continues with wine, indigo, teal and grey from Paul Tol's
// palettes; so many hues cannot all stay distinct for every reader, so
// charts with many categories rely on labels as well as colour.
var OkabeIto = []string{
	"#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442",
	"#882255", "#332288", "#44AA99", "#999999",
}

// Sequential palettes from ColorBrewer (Cynthia Brewer, Apache-2.0 style
// licence), by number of classes (3–9).
var (
	YlGnBu = map[int][]string{
		3: {"#edf8b1", "#7fcdbb", "#2c7fb8"},
		4: {"#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"},
		5: {"#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"},
		6: {"#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"},
		7: {"#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"},
		8: {"#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"},
		9: {"#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494", "#081d58"},
	}
	Blues = map[int][]string{
		3: {"#deebf7", "#9ecae1", "#3182bd"},
		4: {"#eff3ff", "#bdd7e7", "#6baed6", "#2171b5"},
		5: {"#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"},
		6: {"#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"},
		7: {"#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"},
		8: {"#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"},
		9: {"#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b"},
	}
)

// NoDataFill is the fill of map areas without a value.
const NoDataFill = "#d4d4d4"

func categorical(custom []string, i int) string {
	if len(custom) > 0 {
		return custom[i%len(custom)]
	}
	return OkabeIto[i%len(OkabeIto)]
}
