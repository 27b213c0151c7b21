package io.localfaas.runtime.java17;

/** A handler string {@code pkg.Class::method}, as FC's Java runtime takes it. */
record HandlerName(String className, String method) {

    /** @throws FunctionError.LoadException {@code InvalidHandlerName} when the string is not {@code pkg.Class::method} */
    static HandlerName parse(String text) throws FunctionError.LoadException {
        String s = text == null ? "" : text.trim();
        int sep = s.indexOf("::");
        if (sep <= 0 || sep != s.lastIndexOf("::") || sep + 2 >= s.length()) {
            throw invalid(text);
        }
        String className = s.substring(0, sep);
        String method = s.substring(sep + 2);
        if (!isJavaName(className, true) || !isJavaName(method, false)) {
            throw invalid(text);
        }
        return new HandlerName(className, method);
    }

    private static FunctionError.LoadException invalid(String text) {
        return new FunctionError.LoadException("InvalidHandlerName",
                "invalid handler '" + text + "': the format is package.Class::method, e.g. example.HelloFC::handleRequest");
    }

    private static boolean isJavaName(String name, boolean dotted) {
        for (String part : dotted ? name.split("\\.", -1) : new String[] {name}) {
            if (part.isEmpty() || !Character.isJavaIdentifierStart(part.charAt(0))) {
                return false;
            }
            for (int i = 1; i < part.length(); i++) {
                char c = part.charAt(i);
                if (!Character.isJavaIdentifierPart(c) && !(dotted && c == '$')) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return className + "::" + method;
    }
}
