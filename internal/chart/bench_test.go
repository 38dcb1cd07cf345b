package chart

import (
	"math"
	"testing"
)

func BenchmarkLine(b *testing.B) {
	o := sampleLine()
	for b.Loop() {
		Line(o)
	}
}

func BenchmarkBar(b *testing.B) {
	o := sampleBar()
	for b.Loop() {
		Bar(o)
	}
}

func BenchmarkChord(b *testing.B) {
	names, flows := abelSander(b)
	o := ChordChart{Names: names, Flows: flows, MinShare: 0.001}
	for b.Loop() {
		Chord(o)
	}
}

func BenchmarkChoropleth(b *testing.B) {
	cs, _, _ := Countries()
	vals := map[string]float64{}
	for i, c := range cs {
		vals[c.ID] = math.Exp(float64(i%50) / 5)
	}
	o := MapChart{Values: vals}
	for b.Loop() {
		Choropleth(o)
	}
}
