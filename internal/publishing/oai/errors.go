package oai

// The eight error codes of OAI-PMH 2.0 (section 3.6). Every one is sent
// inside a normal response with HTTP 200: harvesters read the code, not the
// status.
const (
	codeBadArgument             = "badArgument"
	codeBadResumptionToken      = "badResumptionToken"
	codeBadVerb                 = "badVerb"
	codeCannotDisseminateFormat = "cannotDisseminateFormat"
	codeIDDoesNotExist          = "idDoesNotExist"
	codeNoRecordsMatch          = "noRecordsMatch"
	codeNoMetadataFormats       = "noMetadataFormats"
	codeNoSetHierarchy          = "noSetHierarchy"
)

// protocolError is one <error code="…"> element of a response.
type protocolError struct {
	Code    string
	Message string
}

func (e protocolError) Error() string { return e.Code + ": " + e.Message }

func errorf(code, message string) protocolError {
	return protocolError{Code: code, Message: message}
}

// hidesArguments reports whether the errors forbid echoing the request's
// arguments: the spec wants only the base URL in <request> after badVerb or
// badArgument, since the arguments are what was wrong.
func hidesArguments(errs []protocolError) bool {
	for _, e := range errs {
		if e.Code == codeBadVerb || e.Code == codeBadArgument {
			return true
		}
	}
	return false
}
