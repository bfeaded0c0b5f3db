package dev.chronos.spring.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chronos.JobContext;
import dev.chronos.JobHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.ReflectionUtils;

/**
 * Runs a job by calling a {@code @ChronosHandler} method: a {@link JobContext} parameter gets the
 * attempt's context, the one other parameter (if any) the payload bound to its type; the return
 * value is the result. The bean is looked up at each call (a singleton lookup is a map read), and
 * the method is called on it as the container made it, proxies included.
 */
final class MethodJobHandler implements JobHandler {
  private final BeanFactory beans;
  private final String beanName;
  private final Method method;
  private final Class<?>[] parameters;
  private volatile Invocable invocable;

  /** The method to call on beans of one class (a proxy's own method, for proxies). */
  private record Invocable(Class<?> on, Method method) {}

  private MethodJobHandler(BeanFactory beans, String beanName, Method method) {
    this.beans = beans;
    this.beanName = beanName;
    this.method = method;
    this.parameters = method.getParameterTypes();
  }

  /**
   * Checks the method's parameters and makes its handler.
   *
   * @throws IllegalStateException if the method takes more than one payload parameter
   */
  static MethodJobHandler of(BeanFactory beans, String beanName, Method method, String where) {
    int payloads = 0;
    for (Class<?> p : method.getParameterTypes()) {
      if (p != JobContext.class) {
        payloads++;
      }
    }
    if (payloads > 1) {
      throw new IllegalStateException(
          "@ChronosHandler "
              + where
              + " takes "
              + payloads
              + " payload parameters: a handler method takes at most one payload parameter"
              + " (bound from the job's payload) and optionally a dev.chronos.JobContext");
    }
    return new MethodJobHandler(beans, beanName, method);
  }

  @Override
  public Object handle(JobContext ctx) throws Exception {
    Object bean = beans.getBean(beanName);
    Object[] args = new Object[parameters.length];
    for (int i = 0; i < parameters.length; i++) {
      Class<?> p = parameters[i];
      if (p == JobContext.class) {
        args[i] = ctx;
      } else if (p == JsonNode.class) {
        args[i] = ctx.payload();
      } else {
        args[i] = ctx.payload(p);
      }
    }
    Method target = invocableFor(bean.getClass());
    try {
      return target.invoke(bean, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  private Method invocableFor(Class<?> beanClass) {
    Invocable known = invocable;
    if (known == null || known.on() != beanClass) {
      Method m = AopUtils.selectInvocableMethod(method, beanClass);
      ReflectionUtils.makeAccessible(m);
      known = new Invocable(beanClass, m);
      invocable = known;
    }
    return known.method();
  }

  @Override
  public String toString() {
    return "@ChronosHandler " + method.getDeclaringClass().getName() + "." + method.getName();
  }
}
