package dev.chronos.spring.internal;

import dev.chronos.JobHandler;
import dev.chronos.spring.ChronosHandler;
import dev.chronos.spring.ChronosSchedule;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

/**
 * Finds the {@link ChronosHandler}s of an application context from its bean definitions, without
 * creating the beans: each handler looks its bean up when a job runs, so a handler bean may depend
 * on the {@code Chronos} bean itself. Reading bean definitions rather than scanning the class path
 * works the same in an executable jar as in an IDE.
 */
public final class HandlerBeans {
  private static final Logger log = LoggerFactory.getLogger(HandlerBeans.class);

  private HandlerBeans() {}

  /**
   * A discovered handler: its name, where it was declared (for messages), the adapter, and the
   * schedules declared on it.
   */
  public record Found(
      String name, String declaredBy, JobHandler handler, List<ChronosSchedule> schedules) {}

  /**
   * The handlers of the bean factory, by name.
   *
   * @param beans the application's bean factory
   * @return the handlers in bean-definition order
   * @throws IllegalStateException if two handlers share a name, an annotated bean is no {@link
   *     JobHandler}, or an annotated method cannot be a handler; the message names the beans and
   *     methods
   */
  public static Map<String, Found> find(ConfigurableListableBeanFactory beans) {
    Map<String, Found> found = new LinkedHashMap<>();
    for (String beanName : beans.getBeanDefinitionNames()) {
      if (ScopedProxyUtils.isScopedTarget(beanName)) {
        continue;
      }
      BeanDefinition definition = beans.getBeanDefinition(beanName);
      if (definition.isAbstract()) {
        continue;
      }
      Class<?> type = beans.getType(beanName, false);
      if (type == null) {
        continue;
      }
      ChronosHandler onBean = beans.findAnnotationOnBean(beanName, ChronosHandler.class, false);
      if (onBean != null) {
        String where = "bean '" + beanName + "' (" + ClassUtils.getUserClass(type).getName() + ")";
        if (!JobHandler.class.isAssignableFrom(type)) {
          throw new IllegalStateException(
              "@ChronosHandler(\""
                  + onBean.value()
                  + "\") is on "
                  + where
                  + ", which does not implement dev.chronos.JobHandler: implement it, or put"
                  + " @ChronosHandler on one of the bean's methods instead");
        }
        add(
            found,
            new Found(
                onBean.value(),
                where,
                new BeanJobHandler(beans, beanName),
                List.copyOf(
                    beans.findAllAnnotationsOnBean(beanName, ChronosSchedule.class, false))));
      } else if (!beans
          .findAllAnnotationsOnBean(beanName, ChronosSchedule.class, false)
          .isEmpty()) {
        throw new IllegalStateException(
            "@ChronosSchedule is on bean '"
                + beanName
                + "', which has no @ChronosHandler: a schedule fires the jobs of a handler, so"
                + " put it next to the @ChronosHandler it runs");
      }
      Class<?> userClass = ClassUtils.getUserClass(type);
      if (!AnnotationUtils.isCandidateClass(userClass, ChronosHandler.class)
          && !AnnotationUtils.isCandidateClass(userClass, ChronosSchedule.class)) {
        continue; // JDK and Spring-internal types: cannot hold the annotation
      }
      Map<Method, ChronosHandler> methods;
      try {
        methods =
            MethodIntrospector.selectMethods(
                userClass,
                (MethodIntrospector.MetadataLookup<ChronosHandler>)
                    // A @Bean method's annotation names the bean it makes (seen above), not itself.
                    m -> handlerOf(m, userClass, beanName));
      } catch (LinkageError | TypeNotPresentException e) {
        // A method signature names a class that is not on the class path (an optional dependency
        // of some library bean): such a class declares no handler of ours. Spring's own
        // @EventListener detection skips these beans the same way.
        log.debug(
            "Not looking for @ChronosHandler methods on bean '{}': {}", beanName, e.toString());
        continue;
      }
      for (Map.Entry<Method, ChronosHandler> e : methods.entrySet()) {
        Method method = e.getKey();
        String where =
            "method "
                + userClass.getName()
                + "."
                + method.getName()
                + " of bean '"
                + beanName
                + "'";
        if (Modifier.isPrivate(method.getModifiers()) || Modifier.isStatic(method.getModifiers())) {
          throw new IllegalStateException(
              "@ChronosHandler(\""
                  + e.getValue().value()
                  + "\") is on "
                  + where
                  + ", which is private or static: a handler method must be an instance method"
                  + " that the bean's proxies can call (public, protected or package-private)");
        }
        MethodJobHandler handler = MethodJobHandler.of(beans, beanName, method, where);
        List<ChronosSchedule> schedules =
            List.copyOf(
                AnnotatedElementUtils.findMergedRepeatableAnnotations(
                    method, ChronosSchedule.class));
        add(found, new Found(e.getValue().value(), where, handler, schedules));
      }
    }
    return found;
  }

  /**
   * The method's {@code @ChronosHandler}, or null; a {@code @ChronosSchedule} without one fails. A
   * {@code @Bean} method's annotations name the bean it makes, not a handler method.
   */
  private static ChronosHandler handlerOf(Method m, Class<?> userClass, String beanName) {
    if (AnnotatedElementUtils.hasAnnotation(m, Bean.class)) {
      return null;
    }
    ChronosHandler h = AnnotatedElementUtils.findMergedAnnotation(m, ChronosHandler.class);
    if (h == null
        && !AnnotatedElementUtils.findMergedRepeatableAnnotations(m, ChronosSchedule.class)
            .isEmpty()) {
      throw new IllegalStateException(
          "@ChronosSchedule is on method "
              + userClass.getName()
              + "."
              + m.getName()
              + " of bean '"
              + beanName
              + "', which has no @ChronosHandler: a schedule fires the jobs of a handler, so put"
              + " it next to the @ChronosHandler it runs");
    }
    return h;
  }

  private static void add(Map<String, Found> found, Found next) {
    Found first = found.putIfAbsent(next.name(), next);
    if (first != null) {
      throw new IllegalStateException(
          "Two Chronos handlers are named '"
              + next.name()
              + "': "
              + first.declaredBy()
              + " and "
              + next.declaredBy()
              + ". A handler name runs one handler; rename one of them.");
    }
  }

  /** A {@link JobHandler} bean, looked up when a job runs. */
  private record BeanJobHandler(ConfigurableListableBeanFactory beans, String beanName)
      implements JobHandler {
    @Override
    public Object handle(dev.chronos.JobContext ctx) throws Exception {
      return beans.getBean(beanName, JobHandler.class).handle(ctx);
    }
  }
}
