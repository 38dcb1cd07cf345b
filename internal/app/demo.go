package app

import (
	"corridor/internal/data"
	"corridor/internal/demo"
	"corridor/internal/law/lawdb"
	"corridor/internal/review"
)

// DemoLoaders are the domains' demo data loaders, in dependency order
// (publishing after data and law: its sample papers link to their samples).
func (s *Services) DemoLoaders() []demo.Loader {
	out := append(dataDemoLoaders(), lawDemoLoaders()...)
	out = append(out, s.publishingDemoLoaders()...)
	out = append(append(out, learningDemoLoaders()...), reviewDemoLoaders()...)
	out = append(out, s.credentialsDemoLoaders()...)
	out = append(out, s.communityDemoLoaders()...)
	return append(out, s.eventsDemoLoaders()...)
}

// publishingDemoLoaders load the sample research series: invented papers
// in English, French and Spanish with generated PDFs, linked to the law
// and data samples (see internal/publishing/demo.go).
func (s *Services) publishingDemoLoaders() []demo.Loader {
	return []demo.Loader{s.Publishing.LoadDemo(s.Links)}
}

// dataDemoLoaders load the data pillar's bundled samples.
func dataDemoLoaders() []demo.Loader { return []demo.Loader{data.LoadDemo} }

// lawDemoLoaders load the law pillar's demo: the UNTC treaties at once,
// then in a background job the complete shared texts and status tables
// and a few illustrative policy-change codings (see
// internal/law/lawdb/demo).
func lawDemoLoaders() []demo.Loader { return []demo.Loader{lawdb.LoadDemo} }

// reviewDemoLoaders load the review engine's sample: a call for papers
// open today and a submission under double-anonymous review with the demo
// reviewer assigned (see internal/review/demo.go).
func reviewDemoLoaders() []demo.Loader { return []demo.Loader{review.LoadDemo} }
