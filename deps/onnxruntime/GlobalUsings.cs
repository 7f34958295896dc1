// The ORT sources were written for a project with System.Reflection in scope (its DllImport resolver
// names Assembly unqualified).
global using System.Reflection;
