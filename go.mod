module github.com/httpspec/httpspec

go 1.25.0
