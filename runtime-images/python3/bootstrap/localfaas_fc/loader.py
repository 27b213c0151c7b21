"""Resolves an FC handler string to a function of the user's code, importing each module once.

  "<dir/>module.function"  ->  <codeDir>/<dir>/module.py (or a package), attribute `function`

"index.handler" imports module `index` (the code folder, its vendored packages and /opt/python are on sys.path);
"src/app.handler" imports `src.app`. Load errors carry FC's errorTypes: InvalidHandlerName, ImportModuleError,
UserCodeSyntaxError, HandlerNotFound; a module whose top level raises anything else fails with that error. A failed
import is remembered: the module's top level never runs twice.
"""
import importlib
import threading

from .errors import UserCodeError


def parse(handler, function_name=''):
    text = (handler or '').strip()
    module, dot, attr = text.rpartition('.')
    parts = module.replace('/', '.').split('.') if module else []
    if (not dot or not module or not attr or not attr.isidentifier() or text.startswith('/') or '\\' in text
            or any(p == '' or p == '..' or not p.replace('-', '_').isidentifier() for p in parts)):
        raise UserCodeError('InvalidHandlerName', 'Invalid handler name "%s" of function %s: expected "<module>.<function>",'
                            ' e.g. "index.handler" for def handler in index.py' % (handler, function_name or '(unnamed)'))
    return '.'.join(parts), attr


class Loader:
    def __init__(self, function_name):
        self._function = function_name or '(unnamed)'
        self._lock = threading.Lock()
        self._modules = {}  # module name -> module, or the error its import raised

    def resolve(self, handler):
        module_name, attr = parse(handler, self._function)
        module = self._load(module_name, handler)
        fn = getattr(module, attr, None)
        if not callable(fn):
            raise UserCodeError('HandlerNotFound', 'Handler "%s" of function %s not found: module %s has no function %s'
                                % (handler, self._function, module_name, attr))
        return fn

    def _load(self, name, handler):
        with self._lock:
            known = self._modules.get(name)
            if known is None:
                known = self._import(name, handler)
                self._modules[name] = known
        if isinstance(known, BaseException):
            raise known
        return known

    def _import(self, name, handler):
        try:
            return importlib.import_module(name)
        except SyntaxError as e:
            return UserCodeError('UserCodeSyntaxError', 'SyntaxError in %s (function %s, handler %s): %s'
                                 % (e.filename, self._function, handler, e.msg), e)
        except ModuleNotFoundError as e:
            missing = e.name or name
            if missing == name or name.startswith(missing + '.'):
                text = 'Cannot find module %s for handler %s of function %s (no %s.py in the code folder)' % (
                    name, handler, self._function, name.replace('.', '/'))
            else:
                text = ('Module %s (handler %s of function %s) imports %s, which is not installed: vendor it in the code '
                        'folder (pip install -t . %s, or faas build)' % (name, handler, self._function, missing, missing))
            return UserCodeError('ImportModuleError', text, e)
        except ImportError as e:
            return UserCodeError('ImportModuleError', 'Cannot import module %s (handler %s of function %s): %s'
                                 % (name, handler, self._function, e), e)
        except Exception as e:  # noqa: BLE001 - the module's own top-level error
            return e
